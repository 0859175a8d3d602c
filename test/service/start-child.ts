/**
 * `edigw start` for tests, run as a child process (node --import tsx test/service/start-child.ts
 * --role all): the same command module bin/edigw runs, without needing a build of dist/.
 */
import { runStart } from '../../src/cli/start-command.js';

process.exitCode = await runStart(process.argv.slice(2));
