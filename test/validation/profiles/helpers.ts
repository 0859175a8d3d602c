/** Profile sets in temporary folders, for loader and overlay tests. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultProfilesDir } from '../../../src/validation/profiles/index.js';

export interface TempProfiles {
  readonly dir: string;
  remove(): void;
}

/** A folder with profile.schema.json and the given files (objects are written as JSON, strings as they are). */
export function tempProfiles(files: Readonly<Record<string, unknown>>): TempProfiles {
  const dir = mkdtempSync(join(tmpdir(), 'edigw-profiles-'));
  copyFileSync(join(defaultProfilesDir(), 'profile.schema.json'), join(dir, 'profile.schema.json'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return { dir, remove: () => { rmSync(dir, { recursive: true, force: true }); } };
}

/** A minimal valid profile file. */
export function profile(name: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, title: `${name} profile`, message: '*', ...fields };
}
