/**
 * Where a new or recovered delivery goes next. A rendered mailbox entry needs no job: the store
 * holds it and the partner's long polls are woken. Everything else (pushes, the SFTP outbox,
 * deliveries routing could not render) gets a deliver job, keyed by the delivery id.
 */
import type { DeliverySummary } from '../store/types.js';
import type { MailboxSignal } from '../transports/mailbox/signal.js';
import type { GatewayQueues, JobBatcher } from './queues.js';

const OPEN = new Set(['pending', 'failed']);

export function needsDeliverJob(d: Pick<DeliverySummary, 'rendered' | 'channel' | 'status'>): boolean {
  return OPEN.has(d.status) && (!d.rendered || d.channel !== 'mailbox');
}

export function makeDispatch(jobs: JobBatcher, signal: MailboxSignal): (deliveries: readonly DeliverySummary[]) => void {
  return (deliveries) => {
    const woken = new Set<string>();
    for (const d of deliveries) {
      if (needsDeliverJob(d)) jobs.push(d.id);
      else if (d.status === 'pending' && d.channel === 'mailbox' && !woken.has(d.destinationId)) {
        woken.add(d.destinationId);
        signal.notify(d.destinationId);
      }
    }
  };
}

/** Drops the queued jobs of withdrawn deliveries; a job already running finds the delivery withdrawn and stops. */
export function makeWithdraw(queues: GatewayQueues): (ids: readonly string[]) => void {
  return (ids) => {
    for (const id of ids) void queues.deliver.remove(id).catch(() => undefined);
  };
}
