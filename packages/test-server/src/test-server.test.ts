import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './test-server.js';
import { replies } from './test-server-reply.js';

const secret = 'sk-test-SECRET-0123456789';
let server: TestServer;
let jobs = 0;

beforeAll(async () => {
  server = await createTestServer({
    routes: [
      { name: 'create', method: 'POST', path: '/v1/jobs', handle: () => replies.json({ id: `job-${++jobs}` }, { status: 201 }) },
      {
        name: 'status',
        method: 'GET',
        path: '/v1/jobs/:id',
        scope: (request) => (request.params.id?.startsWith('video') ? 'video-model' : 'image-model'),
        handle: (request) => replies.json({ id: request.params.id, status: 'completed' }),
      },
      { name: 'file', method: 'GET', path: '/files/*', handle: (request) => replies.bytes(new Uint8Array(4096).fill(7), { headers: { 'content-type': `image/${request.params['*']?.split('.').pop()}` } }) },
      { name: 'broken', path: '/broken', handle: () => Promise.reject(new Error('handler blew up')) },
      { name: 'warm-up', path: '/warm-up', replies: [replies.json({ ready: false })], handle: () => replies.json({ ready: true }) },
    ],
    authorize: (request) => (request.path.startsWith('/v1/') && request.headers.authorization !== `Bearer ${secret}` ? replies.error(401, { error: 'bad key' }) : undefined),
    headers: () => ({ 'x-request-id': `req-${server.requests.length}` }),
  });
});
afterAll(() => server.close());
afterEach(() => server.reset());

const auth = { authorization: `Bearer ${secret}` };
const get = (path: string, headers: Record<string, string> = auth) => fetch(`${server.url}${path}`, { headers });

describe('createTestServer: lifecycle and routes', () => {
  it('listens on a free port of 127.0.0.1 and stops listening when closed', async () => {
    const own = await createTestServer();
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(own.url).not.toBe(server.url);
    expect((await fetch(`${own.url}/anything`)).status).toBe(404);
    await own.close();
    await expect(fetch(`${own.url}/anything`)).rejects.toThrow();
  });

  it('matches routes by method and path, captures params, and answers 404 for the rest', async () => {
    const status = await get('/v1/jobs/abc%20d');
    expect(await status.json()).toEqual({ id: 'abc d', status: 'completed' });
    expect(status.headers.get('x-request-id')).toBe('req-1');
    expect((await fetch(`${server.url}/v1/jobs/abc`, { method: 'DELETE', headers: auth })).status).toBe(404);
    const unknown = await get('/nowhere');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'No route for GET /nowhere' });
    expect(server.requests.map((entry) => [entry.route, entry.params])).toEqual([
      ['status', { id: 'abc d' }],
      [undefined, {}],
      [undefined, {}],
    ]);
  });

  it('refuses what authorize refuses, before any scripted reply is used', async () => {
    const before = server.pendingReplies;
    server.enqueue('status', replies.json({ scripted: true }));
    const refused = await get('/v1/jobs/1', {});
    expect(refused.status).toBe(401);
    expect(server.pendingReplies).toBe(before + 1);
    expect(await (await get('/v1/jobs/1')).json()).toEqual({ scripted: true });
  });

  it('answers 500 with the message when a handler throws', async () => {
    const response = await get('/broken');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'test server: handler blew up' });
  });
});

describe('createTestServer: scripted replies', () => {
  it('plays a route queue once each, in order, then the route handler', async () => {
    server.enqueue('status', replies.json({ status: 'pending' }), replies.json({ status: 'pending' }));
    const bodies = [];
    for (let poll = 0; poll < 3; poll++) bodies.push(await (await get('/v1/jobs/image-1')).json());
    expect(bodies).toEqual([{ status: 'pending' }, { status: 'pending' }, { id: 'image-1', status: 'completed' }]);
  });

  it("queues a route's own replies again on reset", async () => {
    expect(await (await get('/warm-up')).json()).toEqual({ ready: false });
    expect(await (await get('/warm-up')).json()).toEqual({ ready: true });
    server.reset();
    expect(await (await get('/warm-up')).json()).toEqual({ ready: false });
  });

  it('prefers a reply scripted for the scope over one for any scope, and matches by method and path', async () => {
    server.enqueue('status', replies.json({ for: 'any' }));
    server.enqueue({ route: 'status', scope: 'video-model' }, replies.json({ for: 'video' }));
    server.enqueue({ method: 'POST', path: /^\/v1\/jobs$/ }, replies.error(503, 'busy'));
    expect(await (await get('/v1/jobs/video-1')).json()).toEqual({ for: 'video' });
    expect(await (await get('/v1/jobs/video-2')).json()).toEqual({ for: 'any' });
    const busy = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: auth });
    expect([busy.status, await busy.text()]).toEqual([503, 'busy']);
    expect(server.requests.map((entry) => entry.scope)).toEqual(['video-model', 'video-model', undefined]);
  });

  it("sends an HTTP error with Retry-After, raw bytes, and functions of the request and of the route's own answer", async () => {
    server.enqueue(
      'status',
      replies.error(429, { error: 'slow down' }, { retryAfterSeconds: 7 }),
      replies.bytes(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'application/x-test' } }),
      (request) => replies.json({ echoed: request.params.id }),
      async (_request, own) => {
        const answer = await own();
        return answer.type === 'json' && answer.status === undefined ? replies.json({ changed: answer.body }) : answer;
      },
    );
    const limited = await get('/v1/jobs/a');
    expect([limited.status, limited.headers.get('retry-after'), await limited.json()]).toEqual([429, '7', { error: 'slow down' }]);
    const bytes = await get('/v1/jobs/b');
    expect([bytes.headers.get('content-type'), [...new Uint8Array(await bytes.arrayBuffer())]]).toEqual(['application/x-test', [1, 2, 3]]);
    expect(await (await get('/v1/jobs/c')).json()).toEqual({ echoed: 'c' });
    expect(await (await get('/v1/jobs/d')).json()).toEqual({ changed: { id: 'd', status: 'completed' } });
  });

  it('sends a malformed JSON body that the client cannot parse', async () => {
    server.enqueue('status', replies.malformed());
    const response = await get('/v1/jobs/a');
    expect(response.headers.get('content-type')).toBe('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it("truncates the route's own body under its full Content-Length, so the read fails", async () => {
    server.enqueue('file', replies.truncated(1000));
    const truncated = await get('/files/a.png');
    expect(truncated.status).toBe(200);
    expect(truncated.headers.get('content-length')).toBe('4096');
    await expect(truncated.arrayBuffer()).rejects.toThrow();
    expect(server.requests.at(-1)).toMatchObject({ status: 200, interrupted: 'truncated' });
    const whole = await get('/files/a.png');
    expect((await whole.arrayBuffer()).byteLength).toBe(4096);
  });

  it('delays an answer, or trickles its body, and it still arrives whole', async () => {
    server.enqueue('file', replies.delayed(150), replies.trickled(10, undefined, 1024));
    const startedAt = Date.now();
    const delayed = await get('/files/a.png');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect((await delayed.arrayBuffer()).byteLength).toBe(4096);
    const trickled = await get('/files/a.png');
    expect(new Uint8Array(await trickled.arrayBuffer())).toEqual(new Uint8Array(4096).fill(7));
  });

  it('drops the connection without an answer', async () => {
    server.enqueue('status', replies.drop());
    await expect(get('/v1/jobs/a')).rejects.toThrow();
    expect(server.requests.at(-1)).toMatchObject({ route: 'status', interrupted: 'dropped' });
    expect(server.requests.at(-1)!.status).toBeUndefined();
  });

  it("sends the route's own answer with a scripted status and extra headers", async () => {
    server.enqueue('status', replies.fallback({ status: 202, headers: { 'x-extra': 'yes' } }));
    const response = await get('/v1/jobs/z');
    expect([response.status, response.headers.get('x-extra'), await response.json()]).toEqual([202, 'yes', { id: 'z', status: 'completed' }]);
  });
});

describe('createTestServer: request log', () => {
  it('logs method, path, query, headers and the JSON body, with every secret replaced', async () => {
    await fetch(`${server.url}/v1/jobs?priority=low&key=${secret}`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-trace': `copy of ${secret}` },
      body: JSON.stringify({ prompt: 'a lighthouse', echo: `Bearer ${secret}` }),
    });
    const entry = server.requests[0]!;
    expect(entry).toMatchObject({
      method: 'POST',
      path: '/v1/jobs',
      url: '/v1/jobs?priority=low&key=[redacted]',
      query: { priority: 'low', key: '[redacted]' },
      // The whole header value was echoed, so the whole of it is replaced.
      body: { prompt: 'a lighthouse', echo: '[redacted]' },
      route: 'create',
      status: 201,
      leakedSecret: true,
    });
    expect(entry.headers.authorization).toBe('[redacted]');
    expect(entry.headers['x-trace']).toBe('copy of [redacted]');
    expect(JSON.stringify(server.requests)).not.toContain(secret);
  });

  it('does not flag a request whose secret stays in its header', async () => {
    await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: auth, body: '{"prompt":"x"}' });
    expect(server.requests[0]).toMatchObject({ leakedSecret: false, body: { prompt: 'x' }, bodyBytes: 14 });
  });

  it('logs multipart text fields as the body and file parts by size and sha256', async () => {
    const form = new FormData();
    form.append('prompt', 'two references');
    form.append('image[]', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'a.png');
    form.append('image[]', new Blob([new Uint8Array([4, 5])], { type: 'image/png' }), 'b.png');
    await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: auth, body: form });
    const entry = server.requests[0]!;
    expect(entry.body).toEqual({ prompt: 'two references' });
    expect(entry.files).toEqual([
      { field: 'image[]', name: 'a.png', type: 'image/png', size: 3, sha256: '039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81' },
      { field: 'image[]', name: 'b.png', type: 'image/png', size: 2, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  it('keeps no body for binary uploads, only their size', async () => {
    await fetch(`${server.url}/files/upload.bin`, { method: 'PUT', body: new Uint8Array([0, 255, 0, 254]) });
    expect(server.requests[0]).toMatchObject({ method: 'PUT', body: undefined, bodyBytes: 4 });
    expect(server.requests[0]!.route).toBeUndefined();
  });
});
