/**
 * Where one processed message's time goes, in this thread, without HTTP or queues: stores N
 * one-CODECO-with-20-containers interchanges from the terminal (routed to a forwarder's mailbox as
 * JSON, no CONTRL, as in the service benchmark), then runs the ingest worker's processMessage on each
 * and prints the time per stage. Run with `node --import tsx bench/service/pipeline-profile.ts [N]`,
 * add `--cpu-prof` to node for a profile.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/observability/logger.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { mappingCodecs } from '../../src/pipeline/mapping-codecs.js';
import { processMessage } from '../../src/pipeline/process.js';
import type { PipelineDeps, Stage } from '../../src/pipeline/types.js';
import { EdifactValidation } from '../../src/pipeline/validate.js';
import { PartnerDirectory } from '../../src/routing/partner-directory.js';
import { Router } from '../../src/routing/router.js';
import { openStore } from '../../src/store/open.js';
import { codeco } from '../../test/service/messages.js';
import { repoRoot } from '../lib.js';

const count = Number(process.argv[2] ?? 2000);
const raw = JSON.parse(readFileSync(join(repoRoot, 'config', 'demo.json'), 'utf8')) as { partners: { id: string; acks?: unknown }[]; routes: unknown[]; $schema?: string };
delete raw.$schema;
raw.partners.find((p) => p.id === 'nbct')!.acks = { contrl: 'on-request', aperak: 'never' };
raw.routes = [{ id: 'bench', match: { documentType: ['EquipmentInterchangeReceipt'], sender: ['nbct'] }, destinations: [{ partner: 'sinotrans', format: 'json', channel: 'mailbox' }] }];
const config = parseConfig(JSON.stringify(raw), { source: join(repoRoot, 'config', 'bench.json') });
const dir = mkdtempSync(join(tmpdir(), 'edigw-prof-'));
const logger = createLogger({ level: 'warn' });
const store = await openStore({ dataDir: dir, logger });
const directory = PartnerDirectory.fromConfig(config);
const totals = new Map<Stage | 'total', number>();
const deps: PipelineDeps = {
  config, directory, router: Router.fromConfig(config, directory), store, logger, codecs: mappingCodecs(),
  validation: new EdifactValidation(config.partners),
  observe: (stage, s) => { totals.set(stage, (totals.get(stage) ?? 0) + s); },
};
const template = codeco({ controlRef: '%REF%', containers: 20, sender: 'NBCT', forwarder: 'SINOTRANS-NB' });
const partner = directory.get('nbct')!;
const ids: string[] = [];
for (let i = 0; i < count; i++) {
  const a = await ingest({ store, directory, logger, enqueue: () => {}, dispatch: () => {} }, { partner, channel: 'http', contentType: 'application/EDIFACT', payload: Buffer.from(template.replaceAll('%REF%', String(900000 + i))) });
  if (a.kind !== 'accepted') throw new Error(JSON.stringify(a.body));
  ids.push(a.messageId);
}
const warm = Math.min(200, count / 4);
let t0 = 0n;
for (let i = 0; i < ids.length; i++) {
  if (i === warm) { totals.clear(); t0 = process.hrtime.bigint(); }
  const r = await processMessage(deps, ids[i]);
  if (r?.status !== 'processed') throw new Error(`message ${ids[i]}: ${r?.status}`);
}
const measured = ids.length - warm;
const total = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(`${measured} messages, ${(total / measured).toFixed(3)} ms each (wall, this thread)\n`);
for (const [stage, s] of totals) process.stdout.write(`  ${stage.padEnd(12)} ${((s * 1000) / measured).toFixed(3)} ms\n`);
await store.close();
if (process.env['KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
else process.stdout.write(`kept ${dir}\n`);
