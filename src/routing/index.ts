export { PartnerDirectory } from './partner-directory.js';
export type { Principal } from './partner-directory.js';
export { Router, noRouteIssue } from './router.js';
export type { Destination } from './router.js';
export type { RoutingSummary } from './summary.js';
