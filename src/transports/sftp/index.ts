/**
 * The built-in SFTP server (a door for files in, `SftpServer`) and the SFTP outbox transport (the
 * deliver stage's view of the `sftp` channel). A delivery on the SFTP channel needs no sending: it
 * is rendered into the store, and the partner's `outbox/` lists it from there until the partner
 * deletes the file.
 */
import type { OutgoingDelivery, SendResult, Transport } from '../types.js';
import { TransportError } from '../types.js';

export { SftpServer, type SftpServerDeps, type SftpServerOptions } from './server.js';
export { loadOrCreateHostKey, fingerprintOf, type HostKey } from './host-key.js';

export class SftpOutboxTransport implements Transport {
  readonly channel = 'sftp' as const;

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  send(d: OutgoingDelivery): Promise<SendResult> {
    if (d.payload.length === 0) return Promise.reject(new TransportError(`delivery ${d.id} has no payload to put in the SFTP outbox`, { transient: false }));
    if (d.destination.sftp === undefined) {
      return Promise.reject(new TransportError(`partner ${d.destination.id} has no SFTP login, so it can never collect delivery ${d.id} from an SFTP outbox`, { transient: false }));
    }
    return Promise.resolve({ outcome: 'held' });
  }
}
