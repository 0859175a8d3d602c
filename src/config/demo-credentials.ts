/**
 * The credentials of the shipped demo configuration (config/demo.json). They are published in the
 * README and docs/configuration.md, so anyone can use them: `assertSafeBinding` refuses any
 * configuration that still contains one unless the gateway listens on loopback only.
 */
import { hashApiKey } from './credentials.js';

/** Demo API keys by partner id (`admin` is the admin key). */
export const DEMO_API_KEYS: Readonly<Record<string, string>> = {
  admin: 'edigw_demo_admin',
  penavico: 'edigw_demo_penavico',
  cosco: 'edigw_demo_cosco',
  msc: 'edigw_demo_msc',
  nbct: 'edigw_demo_nbct',
  cfs: 'edigw_demo_cfs',
  'ningbo-customs': 'edigw_demo_customs',
  sinotrans: 'edigw_demo_sinotrans',
  harbourfwd: 'edigw_demo_harbourfwd',
};

/** Demo SFTP logins: username → password. */
export const DEMO_SFTP_PASSWORDS: Readonly<Record<string, string>> = {
  nbct: 'demo-nbct',
  cfs: 'demo-cfs',
  harbourfwd: 'demo-harbourfwd',
};

/**
 * The scrypt hashes of the demo passwords exactly as config/demo.json holds them. Safety checks compare
 * these strings (a configuration copied from the demo keeps them); a test verifies they match the
 * passwords above.
 */
export const DEMO_SFTP_PASSWORD_HASHES: ReadonlySet<string> = new Set([
  '$scrypt$ln=15,r=8,p=1$naG7P4roTBE6BCV5zSTDUg$7I8OfSvXvewik+9004Qqx/v9lT1xPGk/B7pBKPiuoj8',
  '$scrypt$ln=15,r=8,p=1$k0akelw6+jb6Vm7wzEk8kg$z/u6fd5ZmY18QVOb4JdqxyzCuQpoWbCBiO9p7dJyO5w',
  '$scrypt$ln=15,r=8,p=1$wWq95FEckvrgbdy1Jza4WA$LFzVoe/teUBZHpqTnHEBdX17VhQ2KqR5gJlHIN9RuN0',
]);

export const DEMO_API_KEY_HASHES: ReadonlySet<string> = new Set(Object.values(DEMO_API_KEYS).map(hashApiKey));
