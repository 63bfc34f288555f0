import { assertValidMovieId, defaultMovieId, jobStatuses } from '@cinema/core';
import type { JobStatus, MovieInput } from '@cinema/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ApiError } from '../api-error.js';
import { requestBody } from '../request-body.js';
import { describeMovie, requireMovie } from '../server-context.js';
import type { ServerContext } from '../server-context.js';
import { jobView } from '../views.js';

const createMovieBody = z
  .object({
    script: z.string().refine((script) => script.trim() !== '', 'the script is empty: write some scenes first'),
    scriptName: z
      .string()
      .max(200)
      .refine((name) => !/[/\\\0]/.test(name), 'a file name, without folders')
      .optional(),
    movieId: z.string().optional(),
  })
  .strict();

const pageLimit = { default: 100, most: 500 };

/** The movies, one movie, creating one from a script, and a movie's jobs page by page. */
export function movieRoutes(context: ServerContext): Hono {
  const routes = new Hono();

  routes.get('/', async (c) => {
    const store = await context.store();
    const movies = await store.listMovies();
    movies.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    return c.json({ movies: await Promise.all(movies.map((movie) => describeMovie(context, movie))) });
  });

  routes.post(
    '/',
    // Read no more than a script of the largest size could take as JSON, before parsing anything.
    bodyLimit({
      maxSize: context.maxScriptBytes * 2 + 16 * 1024,
      onError: (c) => c.json({ error: { message: `The script is too large: this server takes scripts of up to ${context.maxScriptBytes} bytes.`, field: 'script' } }, 413),
    }),
    async (c) => {
      const body = await requestBody(c, createMovieBody);
      if (Buffer.byteLength(body.script) > context.maxScriptBytes) {
        throw new ApiError(413, `The script is too large (${Buffer.byteLength(body.script)} bytes): this server takes scripts of up to ${context.maxScriptBytes} bytes.`, 'script');
      }
      const movieId = body.movieId ?? defaultMovieId(body.script, body.scriptName);
      try {
        assertValidMovieId(movieId);
      } catch (error) {
        throw new ApiError(400, (error as Error).message, 'movieId');
      }
      const store = await context.store();
      const existing = await store.getMovie(movieId);
      if (existing && (existing.input as unknown as MovieInput | null)?.script !== body.script) {
        throw new ApiError(409, `Movie "${movieId}" already exists with a different script: choose another movieId, or see \`cinema plan\` to edit it.`, 'movieId');
      }
      // Created here, so that the answer can already name it; the run takes it from there.
      await store.createMovie({ id: movieId, input: { script: body.script, ...(body.scriptName === undefined ? {} : { scriptName: body.scriptName }) }, now: Date.now() });
      context.runs.start(movieId, () => context.maker.generate(body.script, { baseDir: context.baseDir, movieId, scriptName: body.scriptName, abortSignal: context.runs.signal }));
      const movie = (await store.getMovie(movieId))!;
      return c.json({ movie: await describeMovie(context, movie) }, existing ? 200 : 201);
    },
  );

  routes.get('/:movieId', async (c) => c.json({ movie: await describeMovie(context, await requireMovie(context, c.req.param('movieId'))) }));

  routes.get('/:movieId/jobs', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const status = c.req.query('status');
    if (status !== undefined && !jobStatuses.includes(status as JobStatus) && status !== 'retired') {
      throw new ApiError(400, `status: one of ${[...jobStatuses, 'retired'].join(', ')}`, 'status');
    }
    const limit = c.req.query('limit') === undefined ? pageLimit.default : Number(c.req.query('limit'));
    if (!Number.isInteger(limit) || limit < 1 || limit > pageLimit.most) throw new ApiError(400, `limit: a whole number from 1 to ${pageLimit.most}`, 'limit');
    const held = c.req.query('held');
    if (held !== undefined && held !== 'true' && held !== 'false') throw new ApiError(400, 'held: true or false', 'held');
    const after = c.req.query('after');
    const store = await context.store();
    let jobs = await store.listJobs(movie.id, { status: status as JobStatus | undefined, stage: c.req.query('stage') });
    if (held !== undefined) jobs = jobs.filter((job) => job.held === (held === 'true'));
    // Pages in key order, so a page's place survives jobs added or changed meanwhile.
    jobs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const start = after === undefined ? 0 : jobs.findIndex((job) => job.key > after);
    const page = start === -1 ? [] : jobs.slice(start, start + limit);
    const more = start !== -1 && start + limit < jobs.length;
    return c.json({ jobs: page.map(jobView), total: jobs.length, next: more ? page.at(-1)!.key : null });
  });

  routes.get('/:movieId/jobs/:key{.+}', async (c) => {
    const movie = await requireMovie(context, c.req.param('movieId'));
    const key = c.req.param('key');
    const job = await (await context.store()).getJob(movie.id, key);
    if (!job) throw new ApiError(404, `No job ${key} in movie ${movie.id}: see GET /api/movies/${movie.id}/jobs for the keys.`, 'key');
    return c.json({ job: jobView(job) });
  });

  return routes;
}
