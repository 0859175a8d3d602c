import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { ReceiveInput } from '../../src/store/index.js';
import { postgresTarget, sqliteTarget, type TargetFactory } from './harness.js';

/**
 * Receive throughput with 50 concurrent callers, each waiting for its own durable commit, as an
 * HTTP server with 50 connections would. The rate is printed, not asserted (no timing thresholds
 * in tests); what is asserted is that every call was stored.
 */

const CALLERS = 50;

/** A 5 KB CODECO-sized interchange with a reference of its own. */
function codeco(ref: string): Buffer {
  const containers = Array.from({ length: 40 }, (_, i) => `EQD+CN+MSCU${String(1000000 + i).padStart(7, '0')}:6346:5+45G1:6346:5+++5'RFF+BN:BK${ref}${i}'TDT+1++3++MAEU:172:20'LOC+165+CNSHA:139:6'`).join('');
  return Buffer.from(`UNA:+.? 'UNB+UNOC:3+TERM1:ZZZ+PORTHUB:ZZZ+250301:0800+${ref}'UNH+1+CODECO:D:95B:UN:ITG14'BGM+34+${ref}+9'${containers}UNT+162+1'UNZ+1+${ref}'`, 'latin1');
}

function input(ref: string): ReceiveInput {
  return {
    partnerId: 'TERM1',
    channel: 'http',
    format: 'edifact',
    contentType: 'application/EDIFACT',
    payload: codeco(ref),
    envelope: { senderId: 'TERM1', senderQualifier: 'ZZZ', recipientId: 'PORTHUB', controlRef: ref, messageTypes: ['CODECO'] },
    idempotencyKey: `key-${ref}`,
  };
}

function measure(name: string, make: TargetFactory, perCaller: number): void {
  it(`${name}: stores every receive of ${CALLERS} concurrent callers (prints the rate)`, async () => {
    const target = await make();
    try {
      const store = await target.open();
      await Promise.all(Array.from({ length: CALLERS }, (_, c) => store.receive(input(`W${c}`))));
      const started = performance.now();
      await Promise.all(Array.from({ length: CALLERS }, async (_, c) => {
        for (let i = 0; i < perCaller; i++) {
          const result = await store.receive(input(`C${c}N${i}`));
          if (result.outcome !== 'accepted') throw new Error(`caller ${c} call ${i}: ${result.outcome}`);
        }
      }));
      const seconds = (performance.now() - started) / 1000;
      const total = CALLERS * perCaller;
      console.log(`[store throughput] ${name}: ${total} receives (${codeco('X').length} bytes each) by ${CALLERS} concurrent callers in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} receives/s`);
      const [row] = await target.query('SELECT count(*) AS n FROM messages');
      expect(Number(row['n'])).toBe(total + CALLERS);
    } finally {
      await target.destroy();
    }
  });
}

describe('receive throughput', () => {
  measure('SQLite', sqliteTarget, 400);
  measure('PostgreSQL', postgresTarget, 200);
});
