import { afterEach, beforeEach } from 'vitest';
import type { ReceiveInput, ReceiveResult, Store, StoreOptions } from '../../../src/store/index.js';
import { interchange, TestClock, type StoreTarget, type TargetFactory } from '../harness.js';

export interface Env {
  readonly target: StoreTarget;
  readonly clock: TestClock;
  readonly store: Store;
  /** Another store on the same database: a second process, as far as the database can tell. */
  second(): Promise<Store>;
}

/** A fresh database and store per test, on the test's own clock; destroyed afterwards. */
export function withStore(make: TargetFactory, options: StoreOptions = {}): () => Env {
  let env: Env | undefined;
  beforeEach(async () => {
    const target = await make();
    const clock = new TestClock();
    const store = await target.open({ ...options, clock: clock.read });
    env = { target, clock, store, second: () => target.open({ ...options, clock: clock.read }) };
  });
  afterEach(async () => {
    await env?.target.destroy();
    env = undefined;
  });
  return () => {
    if (env === undefined) throw new Error('no store outside a test');
    return env;
  };
}

export function edifactInput(partnerId: string, ref: string, extra: Partial<ReceiveInput> = {}): ReceiveInput {
  return {
    partnerId,
    channel: 'http',
    format: 'edifact',
    contentType: 'application/EDIFACT',
    payload: interchange(partnerId, ref),
    envelope: { senderId: partnerId, senderQualifier: 'ZZZ', recipientId: 'PORTHUB', controlRef: ref, messageTypes: ['CODECO'] },
    ...extra,
  };
}

export function acceptedId(result: ReceiveResult): string {
  if (result.outcome !== 'accepted') throw new Error(`expected accepted, got ${result.outcome}`);
  return result.message.id;
}
