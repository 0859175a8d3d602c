export * from './types.js';
export { loadConfig, parseConfig, DEMO_CONFIG_PATH, CONFIG_SCHEMA_PATH } from './load.js';
export type { LoadConfigOptions, ParseConfigOptions } from './load.js';
export { ENV_OVERRIDES, DEPLOYMENT_DEFAULTS } from './env.js';
export type { Env } from './env.js';
export { assertSafeBinding, isLoopbackHost, demoCredentialFindings } from './safety.js';
export {
  generateApiKey, hashApiKey, generatePassword, hashPassword, verifyPassword, MAX_API_KEY_LENGTH, DUMMY_PASSWORD_HASH,
} from './credentials.js';
export { runKeysCommand, keysCommand } from './keys-command.js';
export { DEFAULT_TIME_ZONE } from './build.js';
