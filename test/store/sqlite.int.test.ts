import { describe } from 'vitest';
import { storeConformance } from './conformance.js';
import { sqliteTarget } from './harness.js';

describe('SQLite store', () => {
  storeConformance(sqliteTarget);
});
