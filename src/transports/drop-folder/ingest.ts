/**
 * How a file door hands a collected file to the gateway: one function, injected, that stores the
 * file durably before it resolves, exactly like an HTTP POST (`gatewayFileIngest` wraps the very
 * same `ingest()` the HTTP route calls). The doors only decide what to do with the file afterwards.
 */
import type { Issue } from '../../errors/issue.js';
import { makeIssue } from '../../errors/gateway-error.js';
import { ingest, type IngestDeps } from '../../pipeline/ingest.js';

export type FileChannel = 'sftp' | 'folder' | 'remote-sftp';

export interface FileIngestInput {
  readonly partnerId: string;
  readonly channel: FileChannel;
  /** The file's name as the partner gave it (recorded in the `received` event). */
  readonly filename: string;
  readonly payload: Buffer;
  /**
   * For doors that collect (remote SFTP, folders): the same file collected twice (the move after
   * storing failed, the gateway restarted in between) answers `replay` instead of a second message.
   */
  readonly idempotencyKey?: string;
  /** More facts for the `received` event (remote address, SFTP user); never payload or secrets. */
  readonly eventData?: Record<string, unknown>;
}

export type FileIngestResult =
  /** Stored; the pipeline validates it next (its findings come later, with the CONTRL / APERAK). */
  | { readonly outcome: 'accepted'; readonly id: string; readonly status: string }
  /** Stored as a duplicate interchange (same sender and control reference); never processed. */
  | { readonly outcome: 'duplicate'; readonly id: string; readonly originalId?: string; readonly findings: readonly Issue[] }
  /** Collected before (same idempotency key): nothing new was stored. */
  | { readonly outcome: 'replay'; readonly id: string }
  /** Nothing was stored: the file itself is unacceptable (empty, another sender's interchange). */
  | { readonly outcome: 'refused'; readonly findings: readonly Issue[] };

/** Stores the file before it resolves; rejects only when it could not be stored (then nothing was). */
export type FileIngest = (input: FileIngestInput) => Promise<FileIngestResult>;

/** The gateway's own ingest (the HTTP POST path) as a FileIngest. */
export function gatewayFileIngest(deps: IngestDeps): FileIngest {
  return async (input) => {
    const partner = deps.directory.get(input.partnerId);
    if (!partner) {
      return { outcome: 'refused', findings: [makeIssue('GW_ERR_FORBIDDEN', `partner ${input.partnerId} is no longer in the configuration`)] };
    }
    const answer = await ingest(deps, {
      partner,
      channel: input.channel,
      payload: input.payload,
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
      eventData: { file: input.filename, ...input.eventData },
    });
    switch (answer.kind) {
      case 'accepted':
        return { outcome: 'accepted', id: answer.messageId, status: answer.body.status ?? 'received' };
      case 'duplicate':
        return {
          outcome: 'duplicate',
          id: answer.messageId,
          ...(answer.body.originalId !== undefined ? { originalId: answer.body.originalId } : {}),
          findings: answer.body.findings ?? [],
        };
      case 'replay':
        return { outcome: 'replay', id: answer.messageId };
      case 'refused':
        return { outcome: 'refused', findings: answer.body.findings ?? [] };
    }
  };
}
