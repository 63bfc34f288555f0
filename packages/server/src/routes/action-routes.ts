import { InvalidInputError } from '@cinema/core';
import type { JobStoreV1 } from '@cinema/core';
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { requestBody } from '../request-body.js';
import { describeMovie, requireMovie } from '../server-context.js';
import type { ServerContext } from '../server-context.js';

const keys = z.array(z.string().min(1)).min(1, 'name at least one job key').max(10_000);
const retryBody = z.object({ keys: keys.optional() }).strict();
const approveBody = z
  .object({ keys: keys.optional(), shots: z.array(z.string().min(1)).min(1).optional(), all: z.boolean().optional() })
  .strict()
  .refine((body) => body.all || body.keys || body.shots, 'say what to approve: keys, shots, or all: true');
const cancelBody = z.object({ keys: keys.optional() }).strict();
const pickBody = z.object({ key: z.string().min(1), take: z.number().int().min(1) }).strict();
const redoBody = z
  .object({
    target: z.string().min(1),
    what: z.enum(['keyframes', 'video', 'speech']).optional(),
    prompt: z.string().min(1).max(4000).optional(),
    seed: z.number().int().optional(),
    takes: z.number().int().min(1).max(8).optional(),
  })
  .strict();

/** A 400 naming the first key the movie has no job for (`keys.2`). */
async function requireJobs(store: JobStoreV1, movieId: string, names: readonly string[] | undefined): Promise<void> {
  for (const [index, key] of (names ?? []).entries()) {
    if (!(await store.getJob(movieId, key))) {
      throw new ApiError(400, `No job ${key} in movie ${movieId}: see GET /api/movies/${movieId}/jobs for the keys.`, `keys.${index}`);
    }
  }
}

/**
 * What the CLI's retry, approve, cancel, resume, redo and pick do, through the same MovieMaker and
 * store calls; those that make something then run the movie in this process (see `MovieRuns`).
 */
export function actionRoutes(context: ServerContext): Hono {
  const routes = new Hono();
  const resume = (movieId: string) => context.runs.start(movieId, () => context.maker.resume(movieId, { baseDir: context.baseDir, abortSignal: context.runs.signal }));

  routes.post('/:movieId/retry', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const body = await requestBody(c, retryBody);
    const store = await context.store();
    await requireJobs(store, movie.id, body.keys);
    const retried = await store.retry(movie.id, { keys: body.keys }, Date.now());
    if (retried > 0) resume(movie.id);
    return c.json({ retried, movie: await describeMovie(context, movie) });
  });

  routes.post('/:movieId/approve', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const body = await requestBody(c, approveBody);
    await requireJobs(await context.store(), movie.id, body.keys);
    const approved = await context.maker.approve(movie.id, { baseDir: context.baseDir, keys: body.keys, shots: body.shots, all: body.all });
    if (approved.length > 0) resume(movie.id);
    return c.json({ approved, movie: await describeMovie(context, movie) });
  });

  routes.post('/:movieId/cancel', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const body = await requestBody(c, cancelBody);
    await requireJobs(await context.store(), movie.id, body.keys);
    const result = await context.maker.cancel(movie.id, { baseDir: context.baseDir, keys: body.keys });
    return c.json({ ...result, movie: await describeMovie(context, movie) });
  });

  routes.post('/:movieId/resume', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    resume(movie.id);
    return c.json({ movie: await describeMovie(context, movie) }, 202);
  });

  routes.post('/:movieId/redo', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const { target, ...options } = await requestBody(c, redoBody);
    // Planned first, so a target with no jobs is refused now rather than in the background.
    const plan = await context.maker.planRedo(movie.id, target, { baseDir: context.baseDir, ...options }).catch((error: unknown) => {
      throw InvalidInputError.isInstance(error) ? new ApiError(400, error.message, 'target') : error;
    });
    context.runs.start(movie.id, () => context.maker.redo(movie.id, target, { baseDir: context.baseDir, ...options, abortSignal: context.runs.signal }));
    return c.json({ plan, movie: await describeMovie(context, movie) }, 202);
  });

  routes.post('/:movieId/pick', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const body = await requestBody(c, pickBody);
    const store = await context.store();
    const job = await store.getJob(movie.id, body.key);
    if (!job) throw new ApiError(400, `No job ${body.key} in movie ${movie.id}: see GET /api/movies/${movie.id}/jobs for the keys.`, 'key');
    if (!job.takes.some((take) => take.take === body.take)) {
      throw new ApiError(400, `Job ${body.key} has no take ${body.take}: its other takes are ${job.takes.map((take) => take.take).join(', ') || 'none'}.`, 'take');
    }
    context.runs.start(movie.id, () => context.maker.pick(movie.id, body.key, body.take, { baseDir: context.baseDir, abortSignal: context.runs.signal }));
    return c.json({ movie: await describeMovie(context, movie) }, 202);
  });

  return routes;
}
