/**
 * The gateway for the benchmarks, in its own process: `startGateway` from the sources with the
 * configuration EDIGW_CONFIG and the environment the runner gives (role as the first argument).
 * Prints `ready <port>`; SIGTERM shuts it down gracefully.
 */
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway, type Role } from '../../src/server.js';

const role = (process.argv[2] ?? 'all') as Role;
const config = loadConfig();
const gateway = await startGateway({ config, role, logger: createLogger({ level: 'warn' }) });
// Measured once its threads have compiled the schemas and mapping plans they warm up after start.
await gateway.warmedUp();
process.stdout.write(`ready ${new URL(gateway.url).port}\n`);
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
