import type { GatewayConfig } from '../config/types.js';
import type { Logger } from '../observability/logger.js';
import type { PartnerDirectory } from '../routing/partner-directory.js';
import type { Router } from '../routing/router.js';
import type { Store } from '../store/store.js';
import type { DeliveryChannel } from '../store/types.js';
import type { DocumentCodecs } from './codecs.js';
import type { EdifactValidation } from './validate.js';

/** Pipeline stage names, as metrics and timelines report them. */
export const Stage = {
  detect: 'detect',
  parse: 'parse',
  validate: 'validate',
  acknowledge: 'acknowledge',
  transform: 'transform',
  route: 'route',
  complete: 'complete',
  render: 'render',
  send: 'send',
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];

/** Everything a pipeline stage may use, passed in (no module-level singletons). */
export interface PipelineDeps {
  readonly config: GatewayConfig;
  readonly directory: PartnerDirectory;
  readonly router: Router;
  readonly store: Store;
  readonly logger: Logger;
  readonly codecs: DocumentCodecs;
  /** Structure, profile and business-rule validation of EDIFACT; absent: the syntax level only. */
  readonly validation?: EdifactValidation;
  /** Stage timings for the metrics; optional so tests need not care. */
  readonly observe?: (stage: Stage, seconds: number) => void;
  readonly now?: () => Date;
}

/** Channels the partner pulls from (HTTP mailbox, the built-in SFTP server's outbox): nothing to send. */
export const PULL_CHANNELS: ReadonlySet<DeliveryChannel> = new Set<DeliveryChannel>(['mailbox', 'sftp']);

/** Store delivery channel of a configured channel type. */
export function deliveryChannelOf(type: 'mailbox' | 'webhook' | 'sftp-outbox' | 'remote-sftp' | 'folder'): DeliveryChannel {
  switch (type) {
    case 'mailbox':
      return 'mailbox';
    case 'webhook':
      return 'webhook';
    case 'sftp-outbox':
      return 'sftp';
    case 'remote-sftp':
      return 'remote-sftp';
    case 'folder':
      return 'folder';
  }
}

export function timed<T>(deps: Pick<PipelineDeps, 'observe'>, stage: Stage, fn: () => T): T {
  if (deps.observe === undefined) return fn();
  const start = process.hrtime.bigint();
  try {
    return fn();
  } finally {
    deps.observe(stage, Number(process.hrtime.bigint() - start) / 1e9);
  }
}

export async function timedAsync<T>(deps: Pick<PipelineDeps, 'observe'>, stage: Stage, fn: () => Promise<T>): Promise<T> {
  if (deps.observe === undefined) return fn();
  const start = process.hrtime.bigint();
  try {
    return await fn();
  } finally {
    deps.observe(stage, Number(process.hrtime.bigint() - start) / 1e9);
  }
}
