import { errorSpec, type ErrorCode } from './codes.js';
import type { Issue, Location, Severity } from './issue.js';

/**
 * Builds an Issue from the catalogue. `syntaxVersion` picks the CONTRL code of the interchange's
 * syntax version (versions 1-3 use the D.95B service code list, version 4 its own).
 */
export function makeIssue(
  code: ErrorCode,
  text: string,
  location?: Location,
  options: { severity?: Severity; syntaxVersion?: number } = {},
): Issue {
  const spec = errorSpec(code);
  const contrl = options.syntaxVersion !== undefined && options.syntaxVersion < 4 && spec.contrlV3 !== undefined
    ? spec.contrlV3
    : spec.contrl;
  const issue: { -readonly [K in keyof Issue]: Issue[K] } = {
    code,
    severity: options.severity ?? spec.severity,
    text,
  };
  if (location !== undefined) issue.location = location;
  if (contrl !== undefined) issue.contrl = contrl;
  return issue;
}

/**
 * An error that carries its findings across layers (Medplum's OperationOutcomeError): the HTTP
 * layer sends `issues`, queue workers classify it by `code` (never by `instanceof` alone, because
 * errors cross process boundaries serialized), and `unrecoverable` tells BullMQ not to retry.
 */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];
  readonly statusCode: number;
  readonly unrecoverable: boolean;

  constructor(code: ErrorCode, message: string, options: { issues?: readonly Issue[]; statusCode?: number; unrecoverable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [makeIssue(code, message)];
    this.statusCode = options.statusCode ?? errorSpec(code).http ?? 500;
    this.unrecoverable = options.unrecoverable ?? true;
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError || (typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'GatewayError');
}
