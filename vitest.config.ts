import { defineConfig } from 'vitest/config';

// Two projects, as in Medplum and BullMQ: `unit` touches no I/O beyond files in the repository,
// `int` (*.int.test.ts) talks to the real Redis, PostgreSQL, SFTP and HTTP on loopback.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['test/**/*.int.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
