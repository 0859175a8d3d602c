/**
 * The gateway for the SFTP benchmark, in its own process: `startGateway` from the compiled build
 * (dist/, what `npm start` runs; bench/run.ts builds it first), role `api` (receive, store durably,
 * enqueue; no workers) with the file doors, so uploads over SFTP and POSTs over HTTP meet the very
 * same store. Prints `ready <http port> <sftp port>`; SIGTERM stops it.
 */
import type * as ConfigLoad from '../../src/config/load.js';
import type * as Logging from '../../src/observability/logger.js';
import type * as Server from '../../src/server.js';
import type * as SftpDoors from '../../src/transports/sftp/extension.js';
import { distModule } from '../lib.js';

const { loadConfig } = await distModule<typeof ConfigLoad>('config/load.js');
const { createLogger } = await distModule<typeof Logging>('observability/logger.js');
const { startGateway } = await distModule<typeof Server>('server.js');
const { fileDoors } = await distModule<typeof SftpDoors>('transports/sftp/extension.js');

const config = loadConfig();
const doors = fileDoors({ sftp: { port: 0 } });
const gateway = await startGateway({ config, role: 'api', logger: createLogger({ level: 'warn' }), extensions: [doors] });
process.stdout.write(`ready ${new URL(gateway.url).port} ${doors.sftp!.address().port}\n`);
process.on('SIGTERM', () => { void gateway.close().then(() => process.exit(0)); });
