import { describe } from 'vitest';
import { storeConformance } from './conformance.js';
import { postgresTarget } from './harness.js';

describe('PostgreSQL store', () => {
  storeConformance(postgresTarget);
});
