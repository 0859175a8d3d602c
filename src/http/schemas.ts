/**
 * JSON Schemas of the API's bodies and parameters. Fastify validates requests with them and
 * @fastify/swagger turns them into the OpenAPI document at /docs/json, so the documentation is the
 * code. Response objects stay open (additionalProperties) where the store adds fields over time.
 */

export const issueSchema = {
  type: 'object',
  description: 'A finding: stable GW_ERR_* code, severity, plain-language text, exact location, and the UN/EDIFACT 0085 code when one applies.',
  properties: {
    code: { type: 'string', example: 'GW_ERR_UNT_COUNT' },
    severity: { type: 'string', enum: ['error', 'warning', 'info'] },
    text: { type: 'string' },
    contrl: { type: 'string' },
    location: { type: 'object', additionalProperties: true },
  },
  required: ['code', 'severity', 'text'],
  additionalProperties: false,
} as const;

export const errorBodySchema = {
  type: 'object',
  description: 'A refused request: the finding that refused it.',
  properties: {
    error: { type: 'object', properties: { code: { type: 'string' }, text: { type: 'string' } }, required: ['code', 'text'] },
    findings: { type: 'array', items: issueSchema },
  },
  required: ['error'],
  additionalProperties: true,
} as const;

const ackView = {
  type: 'object',
  description: 'An acknowledgement the gateway produced for the message (CONTRL, APERAK), with its text.',
  properties: {
    id: { type: 'string' }, type: { type: 'string' }, contentType: { type: 'string' }, text: { type: 'string' },
    purgedAt: { type: 'string', description: 'Set when the retention purge removed the acknowledgement\'s text (then empty).' },
  },
  additionalProperties: false,
} as const;

export const ingestAnswerSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'The message id (ULID): use it with GET /v1/messages/{id}.' },
    status: { type: 'string', description: 'received, processing, processed, rejected, unrouted, duplicate or failed.' },
    originalId: { type: 'string', description: 'For a duplicate: the message first received with this interchange control reference.' },
    error: { type: 'object', properties: { code: { type: 'string' }, text: { type: 'string' } } },
    findings: { type: 'array', items: issueSchema },
    documents: { type: 'array', items: { type: 'object', additionalProperties: true } },
    deliveries: { type: 'array', items: { type: 'object', additionalProperties: true } },
    acknowledgements: { type: 'array', items: ackView },
  },
  additionalProperties: false,
} as const;

export const openObject = { type: 'object', additionalProperties: true } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['id'],
} as const;

export const numberParams = {
  type: 'object',
  properties: { number: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['number'],
} as const;

export const mailboxEntrySchema = {
  type: 'object',
  description: 'One delivery waiting in the mailbox. `id` is the delivery id: stable, the same in webhook headers and SFTP file names, so a repeat can be dropped.',
  properties: {
    id: { type: 'string' },
    messageId: { type: 'string' },
    documentId: { type: ['string', 'null'] },
    documentType: { type: ['string', 'null'] },
    format: { type: 'string' },
    contentType: { type: ['string', 'null'] },
    size: { type: ['integer', 'null'] },
    status: { type: 'string' },
    createdAt: { type: 'string' },
    leaseExpiresAt: { type: ['string', 'null'] },
    test: { type: 'boolean' },
    href: { type: 'string' },
  },
  additionalProperties: false,
} as const;

export const documentTypes = ['Manifest', 'BillOfLading', 'DeliveryOrder', 'EquipmentInterchangeReceipt', 'ContainerList', 'TallyReport', 'CustomsNotice', 'Acknowledgement'] as const;

export const messageStatuses = ['received', 'processing', 'processed', 'rejected', 'unrouted', 'duplicate', 'failed', 'generated'] as const;

/** Error answers every authenticated route can give, for the OpenAPI document. */
export const authErrors = {
  401: { ...errorBodySchema, description: 'No API key, or an unknown one.' },
} as const;
