/**
 * The gateway for the benchmarks, in its own process: `startGateway` from the compiled build (dist/,
 * what `npm start` runs; bench/run.ts builds it first) with the configuration EDIGW_CONFIG and the
 * environment the runner gives (role as the first argument). Prints `ready <port>`; SIGTERM shuts it
 * down gracefully.
 */
import type * as ConfigLoad from '../../src/config/load.js';
import type * as Logging from '../../src/observability/logger.js';
import type * as Server from '../../src/server.js';
import { distModule } from '../lib.js';

const { loadConfig } = await distModule<typeof ConfigLoad>('config/load.js');
const { createLogger } = await distModule<typeof Logging>('observability/logger.js');
const { startGateway } = await distModule<typeof Server>('server.js');

const role = (process.argv[2] ?? 'all') as Server.Role;
const config = loadConfig();
const gateway = await startGateway({ config, role, logger: createLogger({ level: 'warn' }) });
// Measured once its threads have compiled the schemas and mapping plans they warm up after start.
await gateway.warmedUp();
process.stdout.write(`ready ${new URL(gateway.url).port}\n`);
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
