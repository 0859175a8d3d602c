/**
 * The reference for the ingest benchmark: bare Fastify answering 202 to the same bodies, with the
 * same raw-body parser and no work at all. Prints `ready <port>` once it listens.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => { done(null, body); });
let n = 0;
app.post('/v1/messages', async (_request, reply) => reply.code(202).send({ id: String(++n), status: 'received' }));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`ready ${new URL(address).port}\n`);
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
