// A process for event-log-crash.test.ts: works a movie's jobs against the built dist (claims,
// submits, fails some, completes the rest, enqueues more) as fast as it can, printing how many
// writes resolved, until it is killed.
import { createSqliteJobStore } from '../../dist/index.js';

const [path, movieId] = process.argv.slice(2);
const store = await createSqliteJobStore({ path });
await store.createMovie({ id: movieId, input: null, now: Date.now() });
let writes = 0;
for (let batch = 0; ; batch++) {
  const specs = Array.from({ length: 20 }, (_, index) => ({ key: `b${batch}-${index}`, stage: 'keyframes', lane: 'free', input: {}, inputHash: `h${batch}-${index}`, dependsOn: [] }));
  await store.enqueue(movieId, specs, Date.now());
  for (;;) {
    const jobs = await store.claim({ movieId, workerId: `pid-${process.pid}`, limit: 8, leaseMs: 600_000, now: Date.now() });
    if (jobs.length === 0) break;
    await Promise.all(
      jobs.map(async (job, index) => {
        const lease = { movieId, key: job.key, token: job.leaseToken };
        await store.markSubmitted(lease, { id: job.key }, Date.now());
        if (index % 3 === 0 && job.attempts < 2) {
          await store.fail(lease, { error: { message: `attempt ${job.attempts} failed`, category: 'server', isRetryable: true }, retryAt: Date.now(), consumeAttempt: true }, Date.now());
        } else {
          await store.complete(lease, { outputs: [], costUsd: 0.01 }, Date.now());
        }
      }),
    );
    writes += jobs.length * 2 + 1;
    process.stdout.write(`writes ${writes}\n`);
  }
}
