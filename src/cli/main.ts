/**
 * Entry point of `bin/edigw`. Each command lives in its own module and returns an exit code:
 * 0 success, 1 the input has errors, 2 usage error. User mistakes print one line on stderr,
 * never a stack trace.
 */
import { commands, usage } from './commands.js';
import './register.js';
import { UsageError } from './usage-error.js';

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`edigw: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`edigw ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`edigw ${name}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
