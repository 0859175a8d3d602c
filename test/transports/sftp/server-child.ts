// Child process of restart.int.test.ts and cutoff.int.test.ts: the built-in SFTP server of a
// gateway (configuration file in argv[2]) with the real SQLite store and the gateway's ingest. It
// prints {"port":N} once listening and runs until it is killed.
import { loadConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/observability/logger.js';
import { PartnerDirectory } from '../../../src/routing/index.js';
import { openStore } from '../../../src/store/index.js';
import { gatewayFileIngest } from '../../../src/transports/drop-folder/ingest.js';
import { SftpServer } from '../../../src/transports/sftp/index.js';

const config = loadConfig({ path: process.argv[2], env: {} });
const logger = createLogger({ level: process.env['CHILD_LOG_LEVEL'] ?? 'warn', destination: process.stderr });
const directory = PartnerDirectory.fromConfig(config);
const store = await openStore({ dataDir: config.dataDir, logger });
const ingest = gatewayFileIngest({ store, directory, logger, enqueue: () => undefined, dispatch: () => undefined });
const server = new SftpServer({ config, directory, store, ingest, logger }, { port: Number(process.env['CHILD_PORT'] ?? 0) });
const { port } = await server.start();
process.stdout.write(`${JSON.stringify({ port, hostKey: server.hostKey?.fingerprint })}\n`);
