/**
 * The gateway for the SFTP benchmark, in its own process: `startGateway` (role `api`: receive,
 * store durably, enqueue; no workers) with the file doors, so uploads over SFTP and POSTs over
 * HTTP meet the very same store. Prints `ready <http port> <sftp port>`; SIGTERM stops it.
 */
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/observability/logger.js';
import { startGateway } from '../../src/server.js';
import { fileDoors } from '../../src/transports/sftp/extension.js';

const config = loadConfig();
const doors = fileDoors({ sftp: { port: 0 } });
const gateway = await startGateway({ config, role: 'api', logger: createLogger({ level: 'warn' }), extensions: [doors] });
process.stdout.write(`ready ${new URL(gateway.url).port} ${doors.sftp!.address().port}\n`);
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
