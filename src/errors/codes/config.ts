import { defineErrors } from '../define.js';

/**
 * Configuration and routing findings. Configuration findings stop the gateway at start-up (each names
 * the JSON path and the line and column in the file); `GW_ERR_NO_ROUTE` is recorded on a message
 * that no route rule matched, which the pipeline keeps as `unrouted` instead of dropping it.
 */
export const configErrors = defineErrors({
  GW_ERR_CONFIG_UNREADABLE: { severity: 'error', title: 'The configuration file cannot be read (missing, a directory, or no permission).' },
  GW_ERR_CONFIG_JSON: { severity: 'error', title: 'The configuration file is not valid JSON, or repeats a property name in one object.' },
  GW_ERR_CONFIG_SCHEMA: { severity: 'error', title: 'The configuration does not match its JSON Schema (config/edigw.schema.json): unknown property, missing property, wrong type or value.' },
  GW_ERR_CONFIG_DUPLICATE: { severity: 'error', title: 'Two entries of the configuration claim the same identifier (partner id, EDIFACT id, customs id, party id, API key, SFTP user, rule id).' },
  GW_ERR_CONFIG_REFERENCE: { severity: 'error', title: 'The configuration refers to something it does not declare (a partner, a channel, an error code).' },
  GW_ERR_CONFIG_VALUE: { severity: 'error', title: 'A configuration value is well-formed but unusable (time zone, SSH public key, password hash, URL, missing secret variable, test traffic to customs).' },
  GW_ERR_CONFIG_ENV: { severity: 'error', title: 'An environment variable that overrides the configuration holds a value of the wrong form.' },
  GW_ERR_CONFIG_UNSAFE_BINDING: { severity: 'error', title: 'Published demo credentials would be reachable on a non-loopback address, so the gateway refuses to start.' },
  GW_ERR_NO_ROUTE: { severity: 'warning', title: 'No route rule matched the document: the message is kept as unrouted and visible, not delivered.' },
});
