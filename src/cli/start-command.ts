/**
 * `edigw start [--role all|api|worker]` (and `npm start`): loads the configuration, starts the
 * gateway with its file doors (SFTP server, drop folders, remote SFTP), and stops it gracefully on SIGINT/SIGTERM (requests and jobs in progress finish, or go
 * back to the queue after the grace period). A second signal exits at once. Start-up problems
 * (configuration, unsafe binding, Redis or the database unreachable) are one clear message, exit 1.
 */
import { loadConfig } from '../config/load.js';
import { isGatewayError } from '../errors/gateway-error.js';
import { startGateway } from '../server.js';
import { fileDoors } from '../transports/sftp/extension.js';
import { args } from './io.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage: edigw start [--role all|api|worker]

  all     API and workers in one process (default)
  api     the HTTP API only (scale-out: run several, behind a load balancer)
  worker  the queue workers only; serves /healthz, /readyz and /metrics on PORT

Environment: EDIGW_CONFIG, HOST, PORT, REDIS_URL, DATABASE_URL, EDIGW_DATA_DIR, LOG_LEVEL, … (docs/configuration.md);
EDIGW_SHUTDOWN_GRACE_MS, EDIGW_JOB_LOCK_MS, EDIGW_SWEEP_INTERVAL_MS (docs/operations.md).
`;

function envMs(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} must be a whole number of milliseconds, not "${v}"`);
  return n;
}

export async function runStart(argv: readonly string[]): Promise<number> {
  const { values } = args(argv, { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (values['help'] === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const role = (values['role'] ?? 'all') as string;
  if (role !== 'all' && role !== 'api' && role !== 'worker') throw new UsageError(`--role must be all, api or worker, not "${role}"`);
  const lockDurationMs = envMs('EDIGW_JOB_LOCK_MS');
  const sweepIntervalMs = envMs('EDIGW_SWEEP_INTERVAL_MS');
  const shutdownGraceMs = envMs('EDIGW_SHUTDOWN_GRACE_MS');

  let gateway: Awaited<ReturnType<typeof startGateway>>;
  try {
    const config = loadConfig();
    gateway = await startGateway({
      config,
      role,
      // The file doors of issue 6: SFTP server, drop folders, remote SFTP (collecting roles), and their transports.
      extensions: [fileDoors()],
      ...(lockDurationMs !== undefined ? { lockDurationMs } : {}),
      ...(sweepIntervalMs !== undefined ? { sweepIntervalMs } : {}),
      ...(shutdownGraceMs !== undefined ? { shutdownGraceMs } : {}),
    });
  } catch (err) {
    const text = isGatewayError(err) || err instanceof Error ? err.message : String(err);
    process.stderr.write(`edigw start: ${text}\n`);
    return 1;
  }

  return new Promise<number>((resolve) => {
    let signalled = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (signalled) {
        process.stderr.write(`edigw start: ${signal} again, exiting without waiting\n`);
        process.exit(1);
      }
      signalled = true;
      gateway.close().then(() => { resolve(0); }, (err: unknown) => {
        process.stderr.write(`edigw start: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        resolve(1);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
