/**
 * `edigw keys`: makes new credentials and prints what goes into the configuration. The secret itself
 * is printed once, for the operator to hand to the partner; the gateway only ever stores its hash.
 */
import { generateApiKey, generatePassword, hashApiKey, hashPassword } from './credentials.js';

export interface KeysIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Reads all of standard input (for `--stdin`). */
  readonly readStdin: () => Promise<string>;
}

const defaultIo: KeysIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

const USAGE = `Usage:
  edigw keys new [--id NAME]          a new random API key and its SHA-256 for apiKeys / adminKeys
  edigw keys hash --stdin             the SHA-256 of an existing API key read from standard input
  edigw keys password [--stdin]       a new random SFTP password (or one from standard input) and its scrypt hash
`;

/** Exit codes as the CLI uses them: 0 done, 2 usage error. */
export async function runKeysCommand(args: readonly string[], io: KeysIo = defaultIo): Promise<number> {
  const [sub, ...rest] = args;
  const flag = (name: string): boolean => rest.includes(name);
  const value = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const firstLine = async (): Promise<string> => (await io.readStdin()).split(/\r?\n/)[0] ?? '';

  switch (sub) {
    case 'new': {
      const id = value('--id') ?? `key-${new Date().toISOString().slice(0, 10)}`;
      if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(id)) {
        io.err('edigw keys: --id takes lower-case letters, digits, - and _\n');
        return 2;
      }
      const key = generateApiKey();
      io.out(`API key (shown only now; give it to the partner over a secure channel):\n  ${key}\n\n`);
      io.out(`For the configuration (partners[].apiKeys, or adminKeys with a "name"):\n  ${JSON.stringify({ id, sha256: hashApiKey(key) })}\n`);
      return 0;
    }
    case 'hash': {
      if (!flag('--stdin')) {
        // A key on the command line would land in the shell history.
        io.err('edigw keys hash: pass the key on standard input with --stdin, not as an argument\n');
        return 2;
      }
      const key = (await firstLine()).trim();
      if (key === '') {
        io.err('edigw keys hash: standard input is empty\n');
        return 2;
      }
      io.out(`${JSON.stringify({ sha256: hashApiKey(key) })}\n`);
      return 0;
    }
    case 'password': {
      const given = flag('--stdin') ? await firstLine() : undefined;
      if (given !== undefined && given.length < 8) {
        io.err('edigw keys password: the password needs at least 8 characters\n');
        return 2;
      }
      const password = given ?? generatePassword();
      if (given === undefined) io.out(`SFTP password (shown only now):\n  ${password}\n\n`);
      io.out(`For the configuration (partners[].sftp):\n  ${JSON.stringify({ passwordHash: hashPassword(password) })}\n`);
      return 0;
    }
    default:
      io.err(sub === undefined ? USAGE : `edigw keys: unknown subcommand "${sub}"\n\n${USAGE}`);
      return 2;
  }
}

/** Shaped like `Command` in src/cli/commands.ts, which this layer does not import. */
export const keysCommand = {
  summary: 'make an API key or SFTP password and print its hash for the configuration',
  run: (args: readonly string[]): Promise<number> => runKeysCommand(args),
} as const;
