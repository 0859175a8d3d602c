/**
 * The file doors of issue 6 as one gateway extension (src/server.ts `GatewayExtension`, passed to
 * `startGateway({ extensions: [fileDoors()] })`):
 *
 * - processes that take traffic in (role `all` or `api`) run the built-in SFTP server (unless
 *   `sftp.enabled` is false), scan drop folders and poll remote SFTP directories;
 * - every process gets the transports for the `sftp`, `folder` and `remote-sftp` channels, so the
 *   deliver worker can push to folders and partners' servers (a worker never collects: two
 *   processes collecting one folder would race for its files).
 *
 * The context is declared here by shape rather than imported from the entry point, so this layer
 * does not depend on the one above it.
 */
import type { GatewayConfig } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import type { IngestDeps } from '../../pipeline/ingest.js';
import type { PartnerDirectory } from '../../routing/partner-directory.js';
import type { Store } from '../../store/store.js';
import { DropFolderTransport } from '../drop-folder/index.js';
import { gatewayFileIngest } from '../drop-folder/ingest.js';
import { RemoteSftpTransport } from '../remote-sftp/index.js';
import type { Transport } from '../types.js';
import { SftpOutboxTransport } from './index.js';
import { SftpServer, type SftpServerOptions } from './server.js';

export interface FileDoorsContext {
  readonly role: 'all' | 'api' | 'worker';
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly store: Store;
  readonly logger: Logger;
  readonly ingest: IngestDeps;
}

export interface FileDoors {
  readonly name: string;
  start(ctx: FileDoorsContext): Promise<{ readonly transports: readonly Transport[] }>;
  stop(): Promise<void>;
  /** The running SFTP server (its address, host key), when this process runs one. */
  readonly sftp: SftpServer | undefined;
}

export function fileDoors(options: { readonly sftp?: SftpServerOptions } = {}): FileDoors {
  let server: SftpServer | undefined;
  let started: Transport[] = [];
  return {
    name: 'file-doors',
    get sftp() {
      return server;
    },
    async start(ctx) {
      const collect = ctx.role !== 'worker';
      const logger = ctx.logger.child({ component: 'file-doors' });
      const ingest = gatewayFileIngest(ctx.ingest);
      const maxFileBytes = ctx.config.sftp.maxFileBytes;
      const folder = new DropFolderTransport({ directory: ctx.directory, store: ctx.store, ingest, logger, maxFileBytes }, { timers: collect });
      const remote = new RemoteSftpTransport({ directory: ctx.directory, ingest, logger, maxFileBytes }, { timers: collect });
      started = [folder, remote];
      for (const t of started) await t.start();
      if (collect && ctx.config.sftp.enabled) {
        server = new SftpServer({ config: ctx.config, directory: ctx.directory, store: ctx.store, ingest, logger }, options.sftp);
        await server.start();
      }
      return { transports: [new SftpOutboxTransport(), folder, remote] };
    },
    async stop() {
      await server?.stop();
      server = undefined;
      for (const t of started) await t.stop();
      started = [];
    },
  };
}
