/**
 * The baseline of the HTTP benchmarks: a Fastify hello-world with the same route shape as the
 * case form (POST a JSON body, get 201 and a small JSON back) and nothing else — no database,
 * no validation, no logging. Run as a child process: `node --import tsx bench/baseline-hello.ts`
 * with BENCH_PORT set.
 */
import Fastify from 'fastify';

const port = Number(process.env.BENCH_PORT ?? 0);
const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
let count = 0;

app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/api/v1/cases', async (request, reply) => {
  const body = request.body as { topic?: unknown } | null;
  count += 1;
  reply.status(201);
  return { caseNumber: `PD-HELL-${String(count % 10_000).padStart(4, '0')}`, status: 'new', topic: typeof body?.topic === 'string' ? body.topic : null };
});

await app.listen({ host: '127.0.0.1', port });
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
