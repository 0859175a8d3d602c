import type { ErrorSpec } from './define.js';
import { syntaxErrors } from './codes/syntax.js';
import { configErrors } from './codes/config.js';
import { xmlErrors } from './codes/xml.js';
import { storeErrors } from './codes/store.js';
import { documentErrors } from './codes/document.js';
import { catalogueErrors } from './codes/catalogue.js';
import { serviceErrors } from './codes/service.js';
import { validationErrors } from './codes/validation.js';
import { profileErrors } from './codes/profile.js';
import { mappingErrors } from './codes/mapping.js';
import { mappingXmlErrors } from './codes/mapping-xml.js';
import { sftpErrors } from './codes/sftp.js';

/**
 * The catalogue of every stable `GW_ERR_*` code. Each area keeps its codes in `codes/<area>.ts`;
 * docs/errors.md is generated from this object (`npm run docs:errors`) and a test keeps both in step.
 */
export const ErrorCodes = {
  ...syntaxErrors,
  ...configErrors,
  ...xmlErrors,
  ...storeErrors,
  ...documentErrors,
  ...catalogueErrors,
  ...serviceErrors,
  ...validationErrors,
  ...profileErrors,
  ...mappingErrors,
  ...mappingXmlErrors,
  ...sftpErrors,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ErrorCodes;

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ErrorCodes[code];
}
