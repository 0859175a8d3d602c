// The command line as bin/edigw runs it (convert is registered by src/cli/register.ts), from src/ through tsx.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
