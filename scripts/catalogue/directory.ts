/** Directory output (message tables, segments, code lists); filled in by the next commit. */
import type { Requests } from './generate.js';
import type { Reference } from './sources.js';

export function buildDirectoryFiles(_ref: Reference, _requests: Requests, _log?: (line: string) => void): Map<string, unknown> {
  return new Map();
}
