import { randomBytes } from 'node:crypto';
import {
  createPng,
  createTestServer,
  createWav,
  redactSecrets,
  replies,
  tinyMp4,
  type TestServerLogEntry,
  type TestServerReply,
  type TestServerRequest,
} from '@cinema/test-server';
import { toTestServerReply, type EmulatorScriptedResponse } from './replicate-replies.js';

export type { EmulatorScriptedResponse } from './replicate-replies.js';

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
  /** Predictions per page of `GET /v1/predictions`. Default: 100, as Replicate pages. */
  predictionsPerPage?: number;
}

/** Which requests a scripted response is for. Every field given must match. */
export interface EmulatorScriptTarget {
  method?: string;
  /** Matched against the URL path. Default: any path. */
  path?: string | RegExp;
  /** Only requests for this model's predictions (create, get, cancel, and its output downloads). Default: any model. */
  model?: string;
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
  /**
   * Queues responses for the next requests matching the route, used once each, in order. A
   * `truncateAt` or `delayMs` without `then` applies to the normal answer (e.g. an output download).
   */
  script(route: EmulatorScriptTarget, ...responses: EmulatorScriptedResponse[]): void;
  prediction(id: string): EmulatorPrediction | undefined;
  readonly predictions: readonly EmulatorPrediction[];
  /** The file uploaded through `/v1/files` that `url` points to. */
  upload(url: string): EmulatorUpload | undefined;
  readonly uploads: readonly EmulatorUpload[];
  close(): Promise<void>;
}

const fixtureBytes: Record<EmulatorFileKind, () => Uint8Array> = {
  png: () => createPng(32, 18),
  mp4: () => tinyMp4(),
  wav: () => sineWav(0.5, 16_000, 440),
};
const contentTypes: Record<EmulatorFileKind, string> = { png: 'image/png', mp4: 'video/mp4', wav: 'audio/wav' };

const notFoundReply = (): TestServerReply => replies.json({ detail: 'Not found.' }, { status: 404 });

function toEmulatorRequest(entry: TestServerLogEntry): EmulatorRequest {
  const { authorization: _authorization, ...headers } = entry.headers;
  const multipart = (entry.headers['content-type'] ?? '').startsWith('multipart/form-data');
  return {
    method: entry.method,
    path: entry.path,
    authorization: (entry.labels.authorization as EmulatorRequest['authorization'] | undefined) ?? 'missing',
    headers,
    body: multipart ? { multipart: true, bytes: entry.bodyBytes } : entry.body,
    containsToken: entry.leakedSecret,
    ...(entry.status !== undefined ? { status: entry.status } : {}),
  };
}

/**
 * A local server speaking Replicate's predictions API (reference §2): official-model and version
 * creates, polling with starting → processing → outcome, cancel, the newest-first prediction list,
 * `/v1/files` multipart uploads, `/v1/account`, and output files served from `/delivery/…` without
 * auth. Responses can be scripted per call (429 with Retry-After, 5xx, malformed JSON, slow,
 * truncated or dropped downloads). Built on `@cinema/test-server`.
 */
export async function createReplicateEmulator(options: ReplicateEmulatorOptions = {}): Promise<ReplicateEmulator> {
  const createdByModel: Record<string, number> = {};
  const behaviours = new Map<string, EmulatorPredictionBehaviour>();
  const predictions = new Map<string, EmulatorPrediction>();
  const uploads = new Map<string, EmulatorUpload>();
  const deliveries = new Map<string, { bytes: Uint8Array; contentType: string; model: string }>();
  const perPage = Math.max(1, options.predictionsPerPage ?? 100);
  let origin = '';

  const bearerOf = (request: TestServerRequest) => /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];

  function create(model: string, version: string | null, request: TestServerRequest): TestServerReply {
    const body = parseJson(request) as { input?: unknown } | undefined;
    if (body == null || typeof body.input !== 'object' || body.input == null) {
      return replies.json({ detail: [{ loc: ['body', 'input'], msg: 'field required', type: 'value_error.missing' }] }, { status: 422 });
    }
    const input = body.input as Record<string, unknown>;
    const invalid = validateInput(model, input);
    if (invalid) return replies.json({ title: 'Input validation failed', detail: invalid, status: 422 }, { status: 422 });

    const behaviour = { ...options.defaultBehaviour, ...behaviours.get(version ?? model) };
    const id = randomBytes(10).toString('hex');
    const missingFile = Object.values(input)
      .flat()
      .find((value) => typeof value === 'string' && value.startsWith(`${origin}/v1/files/`) && !uploads.has(value.split('/').pop()!));
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
    return replies.json(view(prediction), { status: 201 });
  }

  function makeOutput(id: string, model: string, input: Record<string, unknown>, behaviour: EmulatorPredictionBehaviour): unknown {
    if (behaviour.output && typeof behaviour.output === 'object') return behaviour.output.raw;
    const kind = behaviour.output ?? guessKind(model);
    const asArray = behaviour.outputIsArray ?? model.endsWith('flux-schnell');
    const count = asArray ? Math.max(1, Math.min(4, Number(input.num_outputs ?? 1) || 1)) : 1;
    const urls = Array.from({ length: count }, (_, index) => {
      const path = `/delivery/${id}/out-${index}.${kind}`;
      deliveries.set(path, { bytes: fixtureBytes[kind](), contentType: contentTypes[kind], model });
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

  /** `GET /v1/predictions`: newest first, a page at a time, as Replicate lists them (list entries carry no logs). */
  function list(request: TestServerRequest): TestServerReply {
    const after = request.query.get('created_after');
    const before = request.query.get('created_before');
    const source = request.query.get('source');
    const cursor = request.query.get('cursor');
    const time = (text: string) => Date.parse(text);
    let items = [...predictions.values()].reverse();
    if (source !== null && source !== 'api') items = [];
    if (after !== null) items = items.filter((prediction) => time(prediction.createdAt) > time(after));
    if (before !== null) items = items.filter((prediction) => time(prediction.createdAt) < time(before));
    if (cursor !== null) {
      const lastSeen = items.findIndex((prediction) => prediction.id === Buffer.from(cursor, 'base64url').toString('utf8'));
      if (lastSeen < 0) return replies.json({ detail: 'Invalid cursor.' }, { status: 400 });
      items = items.slice(lastSeen + 1);
    }
    const page = items.slice(0, perPage);
    let next: string | null = null;
    if (items.length > page.length) {
      const query = new URLSearchParams(request.query);
      query.set('cursor', Buffer.from(page.at(-1)!.id).toString('base64url'));
      next = `${origin}/v1/predictions?${query}`;
    }
    const results = page.map((prediction) => {
      const { logs: _logs, ...entry } = view(prediction);
      return entry;
    });
    return replies.json({ previous: null, next, results });
  }

  async function receiveFile(request: TestServerRequest): Promise<TestServerReply> {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return replies.json({ detail: 'Expected a multipart/form-data body.' }, { status: 400 });
    }
    const content = form.get('content');
    if (!(content instanceof Blob)) return replies.json({ detail: 'content is required' }, { status: 422 });
    const metadataPart = form.get('metadata');
    const metadataText = metadataPart instanceof Blob ? await metadataPart.text() : typeof metadataPart === 'string' ? metadataPart : '{}';
    const bearer = bearerOf(request);
    const id = randomBytes(8).toString('hex');
    const upload: EmulatorUpload = {
      id,
      url: `${origin}/v1/files/${id}`,
      filename: (content as File).name ?? 'file',
      contentType: content.type || 'application/octet-stream',
      bytes: new Uint8Array(await content.arrayBuffer()),
      metadata: redactSecrets(parseText(metadataText) ?? metadataText, bearer ? [bearer] : [], '[token]'),
    };
    uploads.set(id, upload);
    return replies.json(fileView(upload), { status: 201 });
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

  const predictionOf = (request: TestServerRequest) => predictions.get(request.params.id ?? '');
  const server = await createTestServer({
    routes: [
      {
        name: 'delivery',
        method: 'GET',
        path: '/delivery/*',
        scope: (request) => deliveries.get(request.path)?.model,
        handle: (request) => {
          const file = deliveries.get(request.path);
          if (!file) return replies.bytes('Not found', { status: 404 });
          return replies.bytes(file.bytes, { headers: { 'content-type': file.contentType } });
        },
      },
      {
        name: 'create',
        method: 'POST',
        path: '/v1/models/:owner/:name/predictions',
        scope: (request) => `${request.params.owner}/${request.params.name}`,
        handle: (request) => create(`${request.params.owner}/${request.params.name}`, null, request),
      },
      {
        name: 'create-version',
        method: 'POST',
        path: '/v1/predictions',
        scope: (request) => versionOf(request)?.[0],
        handle: (request) => {
          const version = versionOf(request);
          if (!version) return replies.json({ detail: 'version is required' }, { status: 422 });
          return create(version[0], version[1], request);
        },
      },
      { name: 'list', method: 'GET', path: '/v1/predictions', handle: list },
      {
        name: 'get',
        method: 'GET',
        path: '/v1/predictions/:id',
        scope: (request) => predictionOf(request)?.model,
        handle: (request) => {
          const prediction = predictionOf(request);
          if (!prediction) return notFoundReply();
          if (!prediction.canceled) prediction.step = Math.min(prediction.step + 1, prediction.states.length - 1);
          return replies.json(view(prediction));
        },
      },
      {
        name: 'cancel',
        method: 'POST',
        path: '/v1/predictions/:id/cancel',
        scope: (request) => predictionOf(request)?.model,
        handle: (request) => {
          const prediction = predictionOf(request);
          if (!prediction) return notFoundReply();
          const current = prediction.states[prediction.step];
          if (current === 'starting' || current === 'processing') {
            prediction.canceled = true;
            prediction.states = [...prediction.states.slice(0, prediction.step + 1), 'canceled'];
            prediction.step = prediction.states.length - 1;
          }
          return replies.json(view(prediction));
        },
      },
      { name: 'upload', method: 'POST', path: '/v1/files', handle: receiveFile },
      {
        name: 'file',
        method: 'GET',
        path: '/v1/files/:id',
        handle: (request) => {
          const upload = uploads.get(request.params.id ?? '');
          return upload ? replies.json(fileView(upload)) : notFoundReply();
        },
      },
      {
        name: 'account',
        method: 'GET',
        path: '/v1/account',
        handle: () => replies.json({ type: 'user', username: 'emulator', name: 'Replicate emulator', github_url: null }),
      },
    ],
    // Every request is labelled; only the API (not the delivery host) refuses a bad token.
    authorize: (request) => {
      const bearer = bearerOf(request);
      const authorization = bearer == null ? 'missing' : options.token == null || options.token === bearer ? 'valid' : 'invalid';
      request.label('authorization', authorization);
      if (request.path.startsWith('/v1/') && authorization !== 'valid') {
        return replies.json({ title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 }, { status: 401 });
      }
      return undefined;
    },
    notFound: notFoundReply,
    onError: (error) => replies.json({ detail: `emulator error: ${String(error)}` }, { status: 500 }),
    secrets: options.token ? [options.token] : [],
    redactWith: '[token]',
  });
  origin = server.url;

  return {
    origin,
    baseURL: `${origin}/v1`,
    get requests() {
      return server.requests.map(toEmulatorRequest);
    },
    createdByModel,
    predictionsCreated: (model) =>
      model == null ? Object.values(createdByModel).reduce((sum, count) => sum + count, 0) : (createdByModel[model] ?? 0),
    behave: (model, behaviour) => void behaviours.set(model, behaviour),
    script: (route, ...responses) =>
      server.enqueue(
        { ...(route.method ? { method: route.method } : {}), ...(route.path ? { path: route.path } : {}), ...(route.model ? { scope: route.model } : {}) },
        ...responses.map(toTestServerReply),
      ),
    prediction: (id) => predictions.get(id),
    get predictions() {
      return [...predictions.values()];
    },
    upload: (url) => uploads.get(url.split('/').pop() ?? ''),
    get uploads() {
      return [...uploads.values()];
    },
    close: () => server.close(),
  };
}

/** `[model, version]` from a version create's `"version": "owner/name:id"` (or a bare id). */
function versionOf(request: TestServerRequest): [string, string] | undefined {
  const body = parseJson(request) as { version?: unknown } | undefined;
  if (typeof body?.version !== 'string') return undefined;
  const [model, version] = body.version.includes(':') ? body.version.split(':') : [body.version, body.version];
  return [model!, version!];
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

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseJson(request: TestServerRequest): unknown {
  return parseText(request.text());
}

/** A mono 16-bit PCM WAV of a sine tone. */
export function sineWav(seconds: number, sampleRate: number, frequency: number): Uint8Array {
  return createWav(seconds, sampleRate, frequency);
}
