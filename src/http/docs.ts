/**
 * OpenAPI 3 generated from the route schemas (@fastify/swagger), served at /docs/json and as
 * Swagger UI at /docs. Must be registered before the routes it documents.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerDocs(app: FastifyInstance, info: { version: string; hubName: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'edigw: port EDI gateway API',
        version: info.version,
        description: `The HTTP API of ${info.hubName}: send messages, poll the mailbox, track messages, containers and bills of lading. `
          + 'Every endpoint except health, metrics and docs needs `Authorization: Bearer <API key>`. Errors have the shape `{ error: { code, text }, findings: [...] }` with stable GW_ERR_* codes (docs/errors.md).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A partner or admin API key (edigw_…).' } } },
      tags: [
        { name: 'ingest', description: 'Sending messages to the hub' },
        { name: 'mailbox', description: 'Collecting deliveries' },
        { name: 'tracking', description: 'Where messages, containers and bills stand' },
        { name: 'deliveries', description: 'Dead letters and replay' },
        { name: 'operations', description: 'Health and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
