// The command line with the convert command registered, as src/cli/register.ts will register it.
import '../../src/cli/convert-command.js';
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
