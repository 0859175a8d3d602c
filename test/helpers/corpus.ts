import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared corpus of real messages (../shared/corpus, see its SOURCES.md). */
export const corpusDir = join(root, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(corpusDir);

export function corpusFile(path: string): Buffer {
  return readFileSync(join(corpusDir, path));
}

export const repoRoot = root;
