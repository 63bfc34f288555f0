import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixtureMp4Base64, fixturePngBase64 } from './replicate-fixtures.js';

/** A file kind the emulator can return as output: real, small files. */
export type EmulatorFileKind = 'png' | 'mp4' | 'wav';

/** How the predictions of one model behave. */
export interface EmulatorPredictionBehaviour {
  /** Statuses before the outcome; create returns the first, each GET moves one step. Default: `['starting', 'processing']`. */
  pendingStatuses?: ('starting' | 'processing')[];
  /** Default: `'succeeded'`. */
  outcome?: 'succeeded' | 'failed' | 'canceled';
  /** The prediction's `error` when the outcome is `failed`. */
  error?: string;
  /** Output file kind (default: guessed from the model name), or a raw `output` value to return as is. */
  output?: EmulatorFileKind | { raw: unknown };
  /** Whether the output is an array of URLs. Default: true for flux-schnell (one per `num_outputs`). */
  outputIsArray?: boolean;
  /** `metrics.predict_time` in seconds. Default: 1.5. */
  predictTime?: number;
  /** Log text shown while processing (e.g. tqdm progress lines). */
  logs?: string;
  /** Report the prediction's files as deleted (`data_removed: true`, output null), as Replicate does after about an hour. */
  dataRemoved?: boolean;
}

/** A response sent instead of the normal one, for the next request matching a route. */
export type EmulatorScriptedResponse =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { malformedJson: true; status?: number }
  | { delayMs: number; then?: EmulatorScriptedResponse }
  /** Downloads only: sends the full Content-Length, then only `bytes` bytes, then drops the connection. */
  | { truncateAt: number };

/** One logged request. Token values are never stored. */
export interface EmulatorRequest {
  method: string;
  path: string;
  /** Whether an `Authorization: Bearer …` header came, and whether it matched the expected token. */
  authorization: 'missing' | 'valid' | 'invalid';
  /** Request headers without `authorization`. */
  headers: Record<string, string>;
  /** Parsed JSON, a multipart summary, or the raw text; any token value replaced by `[token]`. */
  body: unknown;
  /** Whether the bearer token's value appeared anywhere in the body or in another header. */
  containsToken: boolean;
  /** The response status sent. */
  status?: number;
}

export interface EmulatorPrediction {
  id: string;
  model: string;
  version: string | null;
  input: Record<string, unknown>;
  states: string[];
  step: number;
  error: string | null;
  output: unknown;
  predictTime: number;
  logs: string;
  createdAt: string;
  canceled: boolean;
  dataRemoved: boolean;
}

export interface EmulatorUpload {
  id: string;
  url: string;
  filename: string;
  contentType: string;
  bytes: Uint8Array;
  metadata: unknown;
}

export interface ReplicateEmulatorOptions {
  /** The token requests must carry. Default: any non-empty bearer token. */
  token?: string;
  /** Default behaviour of models without their own. */
  defaultBehaviour?: EmulatorPredictionBehaviour;
}

export interface ReplicateEmulator {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `origin + '/v1'`: pass as the provider's `baseURL`. */
  readonly baseURL: string;
  /** Every request received, in order. */
  readonly requests: EmulatorRequest[];
  /** Predictions created per model (`owner/name`, or the version id for version creates). */
  readonly createdByModel: Readonly<Record<string, number>>;
  /** Predictions created for `model`, or in total. */
  predictionsCreated(model?: string): number;
  /** Sets how `model`'s predictions behave from now on. */
  behave(model: string, behaviour: EmulatorPredictionBehaviour): void;
  /** Queues responses for the next requests matching the route (`path` is matched against the URL path). */
  script(route: { method?: string; path: string | RegExp }, ...responses: EmulatorScriptedResponse[]): void;
  prediction(id: string): EmulatorPrediction | undefined;
  readonly predictions: readonly EmulatorPrediction[];
  /** The file uploaded through `/v1/files` that `url` points to. */
  upload(url: string): EmulatorUpload | undefined;
  readonly uploads: readonly EmulatorUpload[];
  close(): Promise<void>;
}

const fixtureBytes: Record<EmulatorFileKind, () => Uint8Array> = {
  png: () => new Uint8Array(Buffer.from(fixturePngBase64, 'base64')),
  mp4: () => new Uint8Array(Buffer.from(fixtureMp4Base64, 'base64')),
  wav: () => sineWav(0.5, 16_000, 440),
};
const contentTypes: Record<EmulatorFileKind, string> = { png: 'image/png', mp4: 'video/mp4', wav: 'audio/wav' };

/**
 * A local server speaking Replicate's predictions API (reference §2): official-model and version
 * creates, polling with starting → processing → outcome, cancel, `/v1/files` multipart uploads,
 * `/v1/account`, and output files served from `/delivery/…` without auth. Responses can be scripted
 * per call (429 with Retry-After, 5xx, malformed JSON, slow or truncated downloads).
 */
export async function createReplicateEmulator(options: ReplicateEmulatorOptions = {}): Promise<ReplicateEmulator> {
  const requests: EmulatorRequest[] = [];
  const createdByModel: Record<string, number> = {};
  const behaviours = new Map<string, EmulatorPredictionBehaviour>();
  const scripts: { method?: string; path: string | RegExp; responses: EmulatorScriptedResponse[] }[] = [];
  const predictions = new Map<string, EmulatorPrediction>();
  const uploads = new Map<string, EmulatorUpload>();
  const deliveries = new Map<string, { bytes: Uint8Array; contentType: string }>();
  let origin = '';

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { detail: `emulator error: ${String(error)}` });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const entry = logRequest(request, url.pathname, raw, bearer);
    response.on('finish', () => (entry.status = response.statusCode));

    const context: RequestContext = { method, url, raw, bearer, entry, contentType: request.headers['content-type'] ?? '' };
    const scripted = takeScript(method, url.pathname);
    if (scripted) {
      const done = await applyScript(scripted, response, context);
      if (done) return;
    }
    await route(context, response);
  }

  async function applyScript(scripted: EmulatorScriptedResponse, response: ServerResponse, context: RequestContext): Promise<boolean> {
    if ('delayMs' in scripted) {
      await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
      if (scripted.then) return applyScript(scripted.then, response, context);
      return false;
    }
    if ('malformedJson' in scripted) {
      response.writeHead(scripted.status ?? 200, { 'content-type': 'application/json' });
      response.end('{"id": "broken", "status": ');
      return true;
    }
    if ('truncateAt' in scripted) {
      if (context.method !== 'GET' || !context.url.pathname.startsWith('/delivery/')) return false;
      deliver(context.url.pathname, response, scripted.truncateAt);
      return true;
    }
    const body = scripted.body === undefined ? '' : typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body);
    response.writeHead(scripted.status, {
      ...(typeof scripted.body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...scripted.headers,
    });
    response.end(body);
    return true;
  }
  async function route(context: RequestContext, response: ServerResponse): Promise<void> {
    const { method, url, raw, bearer, entry } = context;
    const path = url.pathname;
    if (method === 'GET' && path.startsWith('/delivery/')) return deliver(path, response);
    if (!path.startsWith('/v1/')) return sendJson(response, 404, { detail: 'Not found.' });
    if (entry.authorization !== 'valid') {
      return sendJson(response, 401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 });
    }
    let match: RegExpExecArray | null;
    if (method === 'POST' && (match = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path))) {
      return create(`${match[1]}/${match[2]}`, null, raw, response);
    }
    if (method === 'POST' && path === '/v1/predictions') {
      const body = parseJson(raw) as { version?: unknown } | undefined;
      if (typeof body?.version !== 'string') return sendJson(response, 422, { detail: 'version is required' });
      const [model, version] = body.version.includes(':') ? body.version.split(':') : [body.version, body.version];
      return create(model!, version!, raw, response);
    }
    if (method === 'GET' && (match = /^\/v1\/predictions\/([^/]+)$/.exec(path))) {
      const prediction = predictions.get(match[1]!);
      if (!prediction) return sendJson(response, 404, { detail: 'Not found.' });
      if (!prediction.canceled) prediction.step = Math.min(prediction.step + 1, prediction.states.length - 1);
      return sendJson(response, 200, view(prediction));
    }
    if (method === 'POST' && (match = /^\/v1\/predictions\/([^/]+)\/cancel$/.exec(path))) {
      const prediction = predictions.get(match[1]!);
      if (!prediction) return sendJson(response, 404, { detail: 'Not found.' });
      const current = prediction.states[prediction.step];
      if (current === 'starting' || current === 'processing') {
        prediction.canceled = true;
        prediction.states = [...prediction.states.slice(0, prediction.step + 1), 'canceled'];
        prediction.step = prediction.states.length - 1;
      }
      return sendJson(response, 200, view(prediction));
    }
    if (method === 'POST' && path === '/v1/files') return receiveFile(raw, context.contentType, bearer, response);
    if (method === 'GET' && (match = /^\/v1\/files\/([^/]+)$/.exec(path))) {
      const upload = uploads.get(match[1]!);
      if (!upload) return sendJson(response, 404, { detail: 'Not found.' });
      return sendJson(response, 200, fileView(upload));
    }
    if (method === 'GET' && path === '/v1/account') {
      return sendJson(response, 200, { type: 'user', username: 'emulator', name: 'Replicate emulator', github_url: null });
    }
    return sendJson(response, 404, { detail: 'Not found.' });
  }

  function create(model: string, version: string | null, raw: Buffer, response: ServerResponse): void {
    const body = parseJson(raw) as { input?: unknown } | undefined;
    if (body == null || typeof body.input !== 'object' || body.input == null) {
      return sendJson(response, 422, { detail: [{ loc: ['body', 'input'], msg: 'field required', type: 'value_error.missing' }] });
    }
    const input = body.input as Record<string, unknown>;
    const invalid = validateInput(model, input);
    if (invalid) return sendJson(response, 422, { title: 'Input validation failed', detail: invalid, status: 422 });

    const behaviour = { ...options.defaultBehaviour, ...behaviours.get(version ?? model) };
    const id = randomBytes(10).toString('hex');
    const missingFile = Object.values(input).flat().find(
      (value) => typeof value === 'string' && value.startsWith(`${origin}/v1/files/`) && !uploads.has(value.split('/').pop()!),
    );
    const outcome = missingFile ? 'failed' : (behaviour.outcome ?? 'succeeded');
    const prediction: EmulatorPrediction = {
      id,
      model,
      version,
      input,
      states: [...(behaviour.pendingStatuses ?? ['starting', 'processing']), outcome],
      step: 0,
      error: missingFile ? `Could not fetch input file ${String(missingFile)}` : outcome === 'failed' ? (behaviour.error ?? 'Prediction failed.') : null,
      output: outcome === 'succeeded' ? makeOutput(id, model, input, behaviour) : null,
      predictTime: behaviour.predictTime ?? 1.5,
      logs: behaviour.logs ?? '',
      createdAt: new Date().toISOString(),
      canceled: false,
      dataRemoved: behaviour.dataRemoved ?? false,
    };
    predictions.set(id, prediction);
    createdByModel[version ?? model] = (createdByModel[version ?? model] ?? 0) + 1;
    sendJson(response, 201, view(prediction));
  }

  function makeOutput(id: string, model: string, input: Record<string, unknown>, behaviour: EmulatorPredictionBehaviour): unknown {
    if (behaviour.output && typeof behaviour.output === 'object') return behaviour.output.raw;
    const kind = behaviour.output ?? guessKind(model);
    const asArray = behaviour.outputIsArray ?? model.endsWith('flux-schnell');
    const count = asArray ? Math.max(1, Math.min(4, Number(input.num_outputs ?? 1) || 1)) : 1;
    const urls = Array.from({ length: count }, (_, index) => {
      const path = `/delivery/${id}/out-${index}.${kind}`;
      deliveries.set(path, { bytes: fixtureBytes[kind](), contentType: contentTypes[kind] });
      return `${origin}${path}`;
    });
    return asArray ? urls : urls[0];
  }

  function view(prediction: EmulatorPrediction): Record<string, unknown> {
    const status = prediction.states[prediction.step]!;
    const done = status === 'succeeded' || status === 'failed' || status === 'canceled';
    const get = `${origin}/v1/predictions/${prediction.id}`;
    return {
      id: prediction.id,
      model: prediction.model,
      version: prediction.version ?? 'hidden',
      input: prediction.input,
      logs: status === 'starting' ? '' : prediction.logs,
      output: status === 'succeeded' && !prediction.dataRemoved ? prediction.output : null,
      data_removed: done && prediction.dataRemoved,
      error: status === 'failed' ? prediction.error : null,
      status,
      source: 'api',
      created_at: prediction.createdAt,
      started_at: status === 'starting' ? null : prediction.createdAt,
      completed_at: done ? new Date().toISOString() : null,
      metrics: status === 'succeeded' ? { predict_time: prediction.predictTime, total_time: prediction.predictTime + 0.5 } : {},
      urls: { get, cancel: `${get}/cancel`, web: `https://replicate.com/p/${prediction.id}` },
    };
  }

  async function receiveFile(raw: Buffer, contentType: string, bearer: string | undefined, response: ServerResponse): Promise<void> {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return sendJson(response, 400, { detail: 'Expected a multipart/form-data body.' });
    }
    const content = form.get('content');
    if (!(content instanceof Blob)) return sendJson(response, 422, { detail: 'content is required' });
    const metadataPart = form.get('metadata');
    const metadataText = metadataPart instanceof Blob ? await metadataPart.text() : typeof metadataPart === 'string' ? metadataPart : '{}';
    const id = randomBytes(8).toString('hex');
    const upload: EmulatorUpload = {
      id,
      url: `${origin}/v1/files/${id}`,
      filename: (content as File).name ?? 'file',
      contentType: content.type || 'application/octet-stream',
      bytes: new Uint8Array(await content.arrayBuffer()),
      metadata: redactToken(parseJson(Buffer.from(metadataText)) ?? metadataText, bearer),
    };
    uploads.set(id, upload);
    sendJson(response, 201, fileView(upload));
  }

  function fileView(upload: EmulatorUpload): Record<string, unknown> {
    return {
      id: upload.id,
      name: upload.filename,
      content_type: upload.contentType,
      size: upload.bytes.byteLength,
      etag: upload.id,
      checksums: {},
      metadata: upload.metadata,
      created_at: new Date().toISOString(),
      expires_at: new Date(Date.now() + 86_400_000).toISOString(),
      urls: { get: upload.url },
    };
  }

  function deliver(path: string, response: ServerResponse, cut?: number): void {
    const file = deliveries.get(path);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.byteLength) });
    if (cut != null && cut < file.bytes.byteLength) {
      response.write(Buffer.from(file.bytes.subarray(0, cut)), () => response.destroy());
      return;
    }
    response.end(Buffer.from(file.bytes));
  }

  function logRequest(request: IncomingMessage, path: string, raw: Buffer, bearer: string | undefined): EmulatorRequest {
    const contentType = request.headers['content-type'] ?? '';
    const headers: Record<string, string> = {};
    let containsToken = false;
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'authorization' || value == null) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      if (bearer && text.includes(bearer)) containsToken = true;
      headers[name] = redactToken(text, bearer) as string;
    }
    const text = raw.toString('utf8');
    if (bearer && text.includes(bearer)) containsToken = true;
    const body = contentType.startsWith('multipart/form-data')
      ? { multipart: true, bytes: raw.byteLength }
      : raw.byteLength === 0
        ? undefined
        : redactToken(parseJson(raw) ?? text, bearer);
    const entry: EmulatorRequest = {
      method: request.method ?? 'GET',
      path,
      authorization: bearer == null ? 'missing' : options.token == null || options.token === bearer ? 'valid' : 'invalid',
      headers,
      body,
      containsToken,
    };
    requests.push(entry);
    return entry;
  }

  function takeScript(method: string, path: string): EmulatorScriptedResponse | undefined {
    for (const script of scripts) {
      const methodMatches = script.method == null || script.method.toUpperCase() === method;
      const pathMatches = typeof script.path === 'string' ? script.path === path : script.path.test(path);
      if (methodMatches && pathMatches && script.responses.length > 0) return script.responses.shift();
    }
    return undefined;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    baseURL: `${origin}/v1`,
    requests,
    createdByModel,
    predictionsCreated: (model) =>
      model == null ? Object.values(createdByModel).reduce((sum, count) => sum + count, 0) : (createdByModel[model] ?? 0),
    behave: (model, behaviour) => void behaviours.set(model, behaviour),
    script: (route, ...responses) => void scripts.push({ ...route, responses }),
    prediction: (id) => predictions.get(id),
    get predictions() {
      return [...predictions.values()];
    },
    upload: (url) => uploads.get(url.split('/').pop() ?? ''),
    get uploads() {
      return [...uploads.values()];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface RequestContext {
  method: string;
  url: URL;
  raw: Buffer;
  bearer: string | undefined;
  contentType: string;
  entry: EmulatorRequest;
}

/** Constraints the real models enforce that are worth failing on locally. */
function validateInput(model: string, input: Record<string, unknown>): string | undefined {
  if (typeof input.prompt !== 'string' && typeof input.text !== 'string') return 'prompt is required';
  if (model === 'kwaivgi/kling-v2.1') {
    if (typeof input.start_image !== 'string') return 'start_image is required';
    if (input.end_image != null && input.mode !== 'pro') return 'end_image requires mode "pro"';
  }
  return undefined;
}

function guessKind(model: string): EmulatorFileKind {
  if (/speech|tts|voice|audio|music/i.test(model)) return 'wav';
  if (/flux|image|sdxl|kontext|imagen|ideogram|recraft/i.test(model)) return 'png';
  return 'mp4';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

function redactToken(value: unknown, token: string | undefined): unknown {
  if (!token) return value;
  if (typeof value === 'string') return value.split(token).join('[token]');
  if (Array.isArray(value)) return value.map((item) => redactToken(item, token));
  if (value != null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactToken(item, token)]));
  }
  return value;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

/** A mono 16-bit PCM WAV of a sine tone. */
export function sineWav(seconds: number, sampleRate: number, frequency: number): Uint8Array {
  const samples = Math.round(seconds * sampleRate);
  const buffer = Buffer.alloc(44 + samples * 2);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + samples * 2, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * 2, 28);
  buffer.writeUInt16LE(2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index += 1) {
    buffer.writeInt16LE(Math.round(Math.sin((2 * Math.PI * frequency * index) / sampleRate) * 0.3 * 32767), 44 + index * 2);
  }
  return new Uint8Array(buffer);
}
