/**
 * `edigw purge [--older-than DAYS] [--dry-run] [--json]`: the retention purge on demand (the
 * workers run it once a day when `retention.payloadDays` is set): removes the payloads of finished
 * messages received more than DAYS ago, and of their deliveries that are done, from the configured
 * store (EDIGW_CONFIG, DATABASE_URL, EDIGW_DATA_DIR as for `edigw start`). The records, documents,
 * references and audit trail stay. Safe while the gateway runs.
 */
import { loadConfig } from '../config/load.js';
import { isGatewayError } from '../errors/gateway-error.js';
import { purgeCutoff } from '../queue/retention.js';
import { openPostgresStore, openSqliteStore } from '../store/open.js';
import { args, write } from './io.js';
import { UsageError } from './usage-error.js';

const USAGE = `Usage: edigw purge [--older-than DAYS] [--dry-run] [--json]

  --older-than DAYS  remove payloads of messages received more than DAYS days ago
                     (default: retention.payloadDays of the configuration)
  --dry-run          count what would go, change nothing
  --json             print the result as one JSON object
`;

export async function runPurge(argv: readonly string[]): Promise<number> {
  const { values } = args(argv, { 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values['help'] === true) {
    write(USAGE);
    return 0;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`edigw purge: ${isGatewayError(err) || err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const given = values['older-than'];
  const days = given === undefined ? config.retention.payloadDays : Number(given);
  if (days === null) throw new UsageError('say how old: --older-than DAYS, or retention.payloadDays in the configuration');
  if (typeof given === 'string' && (!/^\d+$/.test(given) || days < 1)) throw new UsageError(`--older-than must be a whole number of days, at least 1, not "${given}"`);
  const store = config.store.kind === 'postgres' ? await openPostgresStore({ connectionString: config.store.url }) : await openSqliteStore({ file: config.store.path });
  try {
    const before = purgeCutoff(days, Date.now());
    const result = await store.purgePayloads({ before, dryRun: values['dry-run'] === true });
    if (values['json'] === true) {
      write(`${JSON.stringify({ ...result, before: before.toISOString() })}\n`);
    } else {
      const verb = result.dryRun ? 'would remove' : 'removed';
      write(`${verb} the payloads of ${result.messages} message(s) received before ${before.toISOString()} (${result.bytes} bytes) and of ${result.deliveries} delivery(ies); their records stay\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
