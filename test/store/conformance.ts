import type { TargetFactory } from './harness.js';
import { deliveriesConformance } from './conformance/deliveries.js';
import { durabilityConformance } from './conformance/durability.js';
import { ingestConformance } from './conformance/ingest.js';
import { processingConformance } from './conformance/processing.js';
import { retentionConformance } from './conformance/retention.js';
import { visibilityConformance } from './conformance/visibility.js';

/** The behaviour every store adapter must show; run once per adapter against a real database. */
export function storeConformance(make: TargetFactory): void {
  ingestConformance(make);
  processingConformance(make);
  deliveriesConformance(make);
  visibilityConformance(make);
  durabilityConformance(make);
  retentionConformance(make);
}
