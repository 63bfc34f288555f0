import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { storeEventTypes } from '@cinema/core';
import type { StoreEvent } from '@cinema/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import openapi from '../openapi.json' with { type: 'json' };
import { eventually, rawGet, startTestServer, testToken, tinyScript } from './test-support.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
const auth = { authorization: `Bearer ${testToken}` };

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxScriptBytes: 64 * 1024 });
});
afterAll(() => server.close());

function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${server.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...auth, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    redirect: 'manual',
  });
}

async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Makes a movie's store rows by hand (a movie of many jobs, no film), for the reads and refusals. */
async function movieWithJobs(movieId: string, count: number) {
  const store = await server.maker.store(server.baseDir);
  await store.createMovie({ id: movieId, input: { script: 'x' }, now: Date.now() });
  const specs = Array.from({ length: count }, (_, index) => ({ key: `job-${String(index).padStart(4, '0')}`, stage: index % 2 ? 'keyframes' : 'audio', lane: 'free', input: {}, inputHash: `h${index}`, dependsOn: [] }));
  await store.enqueue(movieId, specs, Date.now());
  return store;
}

describe('the access token', () => {
  it('is needed on every route: a request without it, or with a wrong one, is a 401 that says what to do', async () => {
    for (const path of ['/', '/app.js', '/openapi.json', '/api/movies', '/api/events', '/api/events/stream', '/api/movies/x/files/a.png', '/nope']) {
      const bare = await fetch(`${server.url}${path}`);
      expect(bare.status, path).toBe(401);
      expect((await json(bare)).error.message).toMatch(/access token/);
      expect((await fetch(`${server.url}${path}`, { headers: { authorization: 'Bearer wrong' } })).status, path).toBe(401);
      expect((await fetch(`${server.url}${path}?token=${testToken}x`)).status, path).toBe(401);
    }
    expect((await fetch(`${server.url}/api/movies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ script: tinyScript }) })).status).toBe(401);
  });

  it('in the printed URL gives the page a strict HttpOnly cookie and takes itself out of the address', async () => {
    const first = await fetch(`${server.url}/?token=${testToken}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cinema_token=test-token-0123456789abcdef;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${server.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
  });
});

describe('the movies API', () => {
  it('refuses bad ids, naming the field, and answers 404 for a movie that is not there', async () => {
    for (const id of ['a..b', '.hidden', 'a%2Fb', 'a%20b', 'x'.repeat(101)]) {
      const response = await call(`/api/movies/${id}`);
      expect(response.status, id).toBe(400);
      expect((await json(response)).error).toMatchObject({ field: 'movieId', message: expect.stringMatching(/Invalid movie id/) });
    }
    const missing = await call('/api/movies/no-such-movie/jobs');
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatchObject({ field: 'movieId', message: expect.stringContaining('No movie "no-such-movie"') });
    expect((await call('/api/events?movieId=../x')).status).toBe(400);
  });

  it('refuses an oversized script with 413, and bodies that do not fit with the field at fault', async () => {
    const huge = await call('/api/movies', { body: { script: `INT. HALL - DAY\n\n${'A line of action.\n'.repeat(5000)}` } });
    expect(huge.status).toBe(413);
    expect((await json(huge)).error).toMatchObject({ field: 'script', message: expect.stringMatching(/too large.*65536 bytes/) });
    const cases: [unknown, string][] = [
      [{}, 'script'],
      [{ script: '   ' }, 'script'],
      [{ script: 42 }, 'script'],
      [{ script: tinyScript, scriptName: '../x.fountain' }, 'scriptName'],
      [{ script: tinyScript, movieId: '../escape' }, 'movieId'],
      [{ script: tinyScript, colour: 'red' }, ''],
    ];
    for (const [body, field] of cases) {
      const response = await call('/api/movies', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = (await json(response)).error;
      if (field) expect(error.field, JSON.stringify(body)).toBe(field);
      expect(error.message.length).toBeGreaterThan(10);
    }
    expect((await call('/api/movies', { body: '{"script": ' })).status).toBe(400);
    expect((await call('/api/movies', { body: 'script=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
  });

  it('pages a movie of 2,000 jobs, filters them, and names an unknown key in an action', async () => {
    const store = await movieWithJobs('many', 2000);
    const first = await json(await call('/api/movies/many/jobs?limit=500'));
    expect(first.jobs).toHaveLength(500);
    expect(first.total).toBe(2000);
    expect(first.next).toBe('job-0499');
    const keys: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: { jobs: { key: string }[]; next: string | null } = await json(await call(`/api/movies/many/jobs?limit=300${after ? `&after=${after}` : ''}`));
      keys.push(...page.jobs.map((job: { key: string }) => job.key));
      after = page.next;
      if (!after) break;
    }
    expect(keys).toHaveLength(2000);
    expect(new Set(keys).size).toBe(2000);
    const audio = await json(await call('/api/movies/many/jobs?stage=audio&limit=1'));
    expect(audio).toMatchObject({ total: 1000, jobs: [{ key: 'job-0000', stage: 'audio', status: 'pending', outputs: [] }] });
    expect((await json(await call('/api/movies/many/jobs?limit=501'))).error.field).toBe('limit');
    expect((await json(await call('/api/movies/many/jobs?status=done'))).error.field).toBe('status');
    const movie = (await json(await call('/api/movies/many'))).movie;
    expect(movie).toMatchObject({ id: 'many', total: 2000, completed: 0, status: 'not_started', film: null, eventSeq: await store.lastEventSeq('many') });
    expect(movie.stages.audio).toMatchObject({ total: 1000, pending: 1000 });

    const retry = await call('/api/movies/many/retry', { body: { keys: ['job-0001', 'nope'] } });
    expect(retry.status).toBe(400);
    expect((await json(retry)).error).toMatchObject({ field: 'keys.1', message: expect.stringContaining('No job nope in movie many') });
    expect((await json(await call('/api/movies/many/approve', { body: {} }))).error.message).toMatch(/say what to approve/);
    expect((await json(await call('/api/movies/many/pick', { body: { key: 'job-0001', take: 2 } }))).error).toMatchObject({ field: 'take' });
    expect((await json(await call('/api/movies/many/jobs/nope'))).error).toMatchObject({ field: 'key' });
  });

  it('serves files inside the movie folder, with ranges, and 404 for any path out of it', async () => {
    await movieWithJobs('files', 1);
    const movieDir = join(server.baseDir, 'files');
    mkdirSync(join(movieDir, 'images'), { recursive: true });
    writeFileSync(join(movieDir, 'images', 'scene 1.png'), Buffer.from('0123456789'));
    writeFileSync(join(server.baseDir, 'secret.txt'), 'not for the web');
    symlinkSync(join(server.baseDir, 'secret.txt'), join(movieDir, 'images', 'link.txt'));
    const whole = await call('/api/movies/files/files/images/scene%201.png');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(await whole.text()).toBe('0123456789');
    const part = await call('/api/movies/files/files/images/scene%201.png', { headers: { range: 'bytes=2-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await part.text()).toBe('234');
    expect((await call('/api/movies/files/files/images/scene%201.png', { headers: { range: 'bytes=20-' } })).status).toBe(416);
    const outside = [
      '/api/movies/files/files/../secret.txt',
      '/api/movies/files/files/images/../../secret.txt',
      '/api/movies/files/files/%2e%2e/secret.txt',
      '/api/movies/files/files/..%2fsecret.txt',
      '/api/movies/files/files/images%2f..%2f..%2fsecret.txt',
      '/api/movies/files/files/..%5csecret.txt',
      `/api/movies/files/files/${encodeURIComponent(join(server.baseDir, 'secret.txt'))}`,
      `/api/movies/files/files/${join(server.baseDir, 'secret.txt')}`,
      '/api/movies/files/files//etc/passwd',
      '/api/movies/files/files/images/link.txt',
      '/api/movies/files/files/images',
      '/api/movies/files/files/images/%00.png',
      '/api/movies/files/files/%E0%A4%A',
    ];
    for (const path of outside) {
      const response = await rawGet(server.url, path, auth);
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toContain('not for the web');
    }
  });

  it('documents every route it serves in openapi.json, and every event type', async () => {
    const served = await json(await call('/openapi.json'));
    expect(served).toEqual(openapi);
    const documented = Object.keys(openapi.paths).sort();
    expect(documented).toEqual(
      [
        '/api/events',
        '/api/events/stream',
        '/api/movies',
        '/api/movies/{movieId}',
        '/api/movies/{movieId}/approve',
        '/api/movies/{movieId}/cancel',
        '/api/movies/{movieId}/files/{path}',
        '/api/movies/{movieId}/jobs',
        '/api/movies/{movieId}/jobs/{key}',
        '/api/movies/{movieId}/pick',
        '/api/movies/{movieId}/redo',
        '/api/movies/{movieId}/resume',
        '/api/movies/{movieId}/retry',
        '/api/movies/{movieId}/subtitles.vtt',
      ].sort(),
    );
    const routes = server.app.routes.filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL').map((route) => route.path.replace(/:(\w+)(\{[^}]+\})?/g, '{$1}').replace('/*', '/{path}'));
    expect([...new Set(routes)].sort()).toEqual(documented);
    expect(openapi.components.schemas.StoreEvent.properties.type.enum).toEqual([...storeEventTypes]);
  });
});

describe('a film made through the API', () => {
  it('is created from a script, streams its events live as they are written, and its film and subtitles are served', async () => {
    const created = await call('/api/movies', { body: { script: tinyScript, scriptName: 'tiny.fountain', movieId: 'tiny' } });
    expect(created.status).toBe(201);
    expect((await json(created)).movie).toMatchObject({ id: 'tiny', scriptName: 'tiny.fountain', run: { running: true } });
    const again = await call('/api/movies', { body: { script: `${tinyScript}\nMore.\n`, movieId: 'tiny' } });
    expect(again.status).toBe(409);
    expect((await json(again)).error.field).toBe('movieId');

    const stream = await call('/api/events/stream?movieId=tiny&after=0');
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    const streamed: StoreEvent[] = [];
    let buffer = '';
    while (!streamed.some((event) => event.type === 'movie.run_ended')) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      const frames = buffer.split('\n\n');
      buffer = frames.pop()!;
      for (const frame of frames) {
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        const id = /^id: (.*)$/m.exec(frame)?.[1];
        if (data === undefined) continue;
        const event = JSON.parse(data) as StoreEvent;
        expect(Number(id)).toBe(event.seq);
        streamed.push(event);
      }
    }
    await reader.cancel();
    const store = await server.maker.store(server.baseDir);
    const logged = await store.listEvents({ after: 0, movieId: 'tiny', limit: 1000 });
    expect(streamed.map((event) => event.seq)).toEqual(logged.slice(0, streamed.length).map((event) => event.seq));
    expect(streamed[0]).toMatchObject({ type: 'movie.created', movieId: 'tiny' });
    expect(streamed.at(-1)).toMatchObject({ type: 'movie.run_ended', status: 'completed' });
    expect(streamed.filter((event) => event.type === 'job.completed').length).toBe((await store.listJobs('tiny')).length);

    const movie = await eventually(async () => {
      const { movie: found } = await json(await call('/api/movies/tiny'));
      return found.status === 'completed' && !found.run.running ? found : undefined;
    });
    expect(movie).toMatchObject({ progress: 100, failed: 0, film: { url: '/api/movies/tiny/files/output/tiny_final.mp4', subtitlesUrl: '/api/movies/tiny/subtitles.vtt' } });
    const film = await call(movie.film.url);
    expect(film.headers.get('content-type')).toBe('video/mp4');
    expect((await film.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    const subtitles = await call(movie.film.subtitlesUrl);
    expect(await subtitles.text()).toMatch(/^WEBVTT\n\n1\n\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d\nAt last\./);
    const { movies } = await json(await call('/api/movies'));
    expect(movies.map((found: { id: string }) => found.id)).toContain('tiny');

    const page = await json(await call(`/api/events?movieId=tiny&limit=5&after=0`));
    expect(page.events.map((event: StoreEvent) => event.seq)).toEqual(logged.slice(0, 5).map((event) => event.seq));
    expect(page.next).toBe(logged[4]!.seq);
  });
});
