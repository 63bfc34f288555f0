import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { falCatalogue } from '../fal-catalogue.js';
import { createPng, createWav, tinyMp4 } from './media-fixtures.js';

/** fal's queue states. There is no FAILED: a failed job fails on the result GET. */
export type FalQueueState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

/** The emulator's routes, for scripting replies and reading the log. */
export type FalEmulatorRoute = 'submit' | 'status' | 'result' | 'cancel' | 'upload-initiate' | 'upload' | 'file' | 'unknown';

/**
 * One scripted answer, used once instead of the normal one. Give `json` or `text` for the body.
 * For `file` routes, `truncateAt` sends that many bytes under the full Content-Length and then
 * drops the connection, and `chunkDelayMs` sends the file slowly in 1 kB chunks.
 */
export interface FalScriptedReply {
  /** Default: 200. */
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body, e.g. malformed JSON. */
  text?: string;
  /** Wait before answering. Default: 0. */
  delayMs?: number;
  truncateAt?: number;
  chunkDelayMs?: number;
}

/** Ready-made scripted replies for the failures the orchestrator must handle. */
export const falReplies = {
  /** 429 with `Retry-After` in seconds. */
  rateLimited: (retryAfterSeconds = 7): FalScriptedReply => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    json: { detail: 'Rate limit exceeded. Please slow down.' },
  }),
  /** A 5xx with fal's error shape. */
  serverError: (status = 500, message = 'Internal server error'): FalScriptedReply => ({
    status,
    headers: { 'x-fal-retryable': 'true' },
    json: { detail: message },
  }),
  /** 200 with a body that is not JSON. */
  malformedJson: (): FalScriptedReply => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    text: '{"images": [{"url": "http://127.0.0.1/',
  }),
  /** 422 in FastAPI's shape, as fal sends for a bad input field. */
  validationError: (field: string, message: string, type = 'value_error'): FalScriptedReply => ({
    status: 422,
    json: { detail: [{ loc: ['body', field], msg: message, type }] },
  }),
  /** 422 `content_policy_violation`, fal's content-checker refusal. */
  contentPolicy: (field = 'prompt', categories: string[] = ['violence']): FalScriptedReply => ({
    status: 422,
    headers: { 'x-fal-retryable': 'false' },
    json: {
      detail: [
        {
          loc: ['body', field],
          msg: 'The content was flagged by a content checker.',
          type: 'content_policy_violation',
          url: 'https://docs.fal.ai/errors#content_policy_violation',
          categories,
        },
      ],
    },
  }),
  /** A download that stops after `fraction` of the bytes. */
  truncatedDownload: (bytes: number): FalScriptedReply => ({ truncateAt: bytes }),
  /** A download sent in 1 kB chunks, `chunkDelayMs` apart. */
  slowDownload: (chunkDelayMs = 20): FalScriptedReply => ({ chunkDelayMs }),
} as const;

/** How the emulator treats one endpoint. */
export interface FalEndpointBehaviour {
  /** States returned by successive status polls; the last repeats. */
  statuses?: FalQueueState[];
  /** The result body, or a function of the submitted input. Default: a real PNG / MP4 / WAV output. */
  output?: unknown | ((input: Record<string, unknown>, files: { image: string; video: string; audio: string }) => unknown);
  /** Fields the submit body must carry (422 otherwise). Default: built-in list for known endpoints. */
  requiredFields?: string[];
}

export interface FalEmulatorOptions {
  /** Only this key is accepted. Default: any `Authorization: Key …` header. */
  apiKey?: string;
  /** States returned by successive status polls for every endpoint. Default: IN_QUEUE, IN_PROGRESS, COMPLETED. */
  statuses?: FalQueueState[];
}

/** One request the emulator received. Authorization values are never stored. */
export interface FalEmulatorLogEntry {
  method: string;
  /** Path and query, e.g. `/queue/fal-ai/flux/requests/r1/status?logs=0`. */
  path: string;
  route: FalEmulatorRoute;
  endpointId?: string;
  requestId?: string;
  /** `present` when an `Authorization: Key …` header came, never its value. */
  authorization: 'present' | 'absent';
  /** Request headers without `authorization`. */
  headers: Record<string, string>;
  /** The parsed JSON body (submit, upload initiate). */
  body?: unknown;
  /** Raw body size, for uploads. */
  bodyBytes?: number;
  responseStatus: number;
}

/** A file uploaded through the storage routes. */
export interface FalEmulatorUpload {
  fileUrl: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface FalEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Where fal's `https://queue.fal.run` is served. */
  readonly queueURL: string;
  /** Where fal's `https://rest.fal.ai` is served. */
  readonly restURL: string;
  /** Settings for `createFal` that point it here. */
  readonly providerSettings: { baseURL: string; restURL: string };
  /** Sets how an endpoint behaves (status sequence, output, required fields). */
  configure(endpointId: string, behaviour: FalEndpointBehaviour): void;
  /** Queues one-off replies for a route, optionally only for one endpoint. Used in order, once each. */
  enqueue(target: FalEmulatorRoute | { route: FalEmulatorRoute; endpointId?: string }, ...replies: FalScriptedReply[]): void;
  /** Every request received, oldest first. */
  readonly requests: readonly FalEmulatorLogEntry[];
  /** Accepted submissions, per endpoint id. */
  submissionCounts(): Record<string, number>;
  /** Accepted submissions for one endpoint. */
  submissions(endpointId: string): number;
  /** Submit bodies for one endpoint, oldest first. */
  submittedInputs(endpointId: string): Record<string, unknown>[];
  /** Files uploaded through storage, oldest first. */
  uploads(): readonly FalEmulatorUpload[];
  /** Forgets requests, uploads, scripts and behaviours. */
  reset(): void;
  close(): Promise<void>;
}

interface QueuedRequest {
  requestId: string;
  endpointId: string;
  /** `owner/alias` (plus namespace): status, result and cancel URLs drop the path. */
  appPrefix: string;
  input: Record<string, unknown>;
  statusCalls: number;
  cancelled: boolean;
}

interface StoredFile {
  bytes: Uint8Array;
  contentType: string;
  fileName: string;
}

const builtInRequiredFields: Record<string, string[]> = {
  'fal-ai/flux/dev': ['prompt'],
  'fal-ai/flux/schnell': ['prompt'],
  'fal-ai/flux-pro/v1.1': ['prompt'],
  'fal-ai/flux-pro/kontext': ['prompt', 'image_url'],
  'fal-ai/flux-pro/kontext/max': ['prompt', 'image_url'],
  'fal-ai/flux-pro/kontext/multi': ['prompt', 'image_urls'],
  'fal-ai/flux-pro/kontext/max/multi': ['prompt', 'image_urls'],
  'fal-ai/kling-video/v2.1/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.5-turbo/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.1/master/image-to-video': ['prompt', 'image_url'],
  'fal-ai/kling-video/v2.6/pro/image-to-video': ['prompt', 'start_image_url'],
  'fal-ai/kling-video/v3/pro/image-to-video': ['prompt', 'start_image_url'],
  'fal-ai/veo3.1': ['prompt'],
  'fal-ai/veo3.1/fast': ['prompt'],
  'fal-ai/veo3.1/image-to-video': ['prompt', 'image_url'],
  'fal-ai/veo3.1/fast/image-to-video': ['prompt', 'image_url'],
  'fal-ai/veo3.1/first-last-frame-to-video': ['prompt', 'first_frame_url', 'last_frame_url'],
  'fal-ai/veo3.1/fast/first-last-frame-to-video': ['prompt', 'first_frame_url', 'last_frame_url'],
  'fal-ai/wan-flf2v': ['prompt', 'start_image_url', 'end_image_url'],
  'fal-ai/wan/v2.2-a14b/image-to-video/turbo': ['prompt', 'image_url'],
  'fal-ai/minimax/hailuo-02/standard/image-to-video': ['prompt', 'image_url'],
  'fal-ai/bytedance/seedance/v1/pro/image-to-video': ['prompt', 'image_url'],
  'fal-ai/elevenlabs/tts/multilingual-v2': ['text'],
  'fal-ai/elevenlabs/tts/turbo-v2.5': ['text'],
  'fal-ai/minimax/speech-02-hd': ['text'],
  'fal-ai/chatterbox/text-to-speech': ['text'],
};

const namespaces = new Set(['workflows', 'comfy']);

function kindOf(endpointId: string): 'image' | 'video' | 'speech' {
  const known = falCatalogue[endpointId]?.kind;
  if (known) return known;
  if (/tts|speech|voice|audio/i.test(endpointId)) return 'speech';
  if (/video|veo|kling|wan|seedance|hailuo|flf2v/i.test(endpointId)) return 'video';
  return 'image';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A local fal.ai: the queue protocol (submit → status 202 IN_QUEUE / IN_PROGRESS → 200 COMPLETED →
 * result; cancel), storage upload (initiate + PUT) and file serving, on a real `node:http` server on
 * 127.0.0.1. Point `createFal(emulator.providerSettings)` at it; the official `@fal-ai/client`
 * inside talks to it as it would to fal.
 */
export async function createFalEmulator(options: FalEmulatorOptions = {}): Promise<FalEmulator> {
  const defaultStatuses: FalQueueState[] = options.statuses ?? ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'];
  const queued = new Map<string, QueuedRequest>();
  const files = new Map<string, StoredFile>();
  const behaviours = new Map<string, FalEndpointBehaviour>();
  const scripts = new Map<string, FalScriptedReply[]>();
  const log: FalEmulatorLogEntry[] = [];
  const counts = new Map<string, number>();
  const inputs = new Map<string, Record<string, unknown>[]>();
  const uploaded: FalEmulatorUpload[] = [];
  const pendingUploads = new Map<string, { fileName: string; contentType: string }>();
  let base = '';

  const png = createPng();
  const mp4 = tinyMp4();
  const wav = createWav();

  const takeScript = (route: FalEmulatorRoute, endpointId?: string): FalScriptedReply | undefined => {
    for (const key of [endpointId ? `${route}|${endpointId}` : undefined, `${route}|*`]) {
      if (!key) continue;
      const list = scripts.get(key);
      if (list && list.length > 0) return list.shift();
    }
    return undefined;
  };

  const send = async (response: ServerResponse, reply: FalScriptedReply): Promise<number> => {
    if (reply.delayMs) await wait(reply.delayMs);
    const status = reply.status ?? 200;
    const headers: Record<string, string> = { ...reply.headers };
    let body = '';
    if (reply.text != null) body = reply.text;
    else if (reply.json !== undefined) {
      body = JSON.stringify(reply.json);
      headers['content-type'] ??= 'application/json';
    }
    response.writeHead(status, headers);
    response.end(body);
    return status;
  };

  const json = (response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) =>
    send(response, { status, json: value, headers });

  const sendFile = async (response: ServerResponse, file: StoredFile, reply: FalScriptedReply | undefined): Promise<number> => {
    if (reply?.status && reply.status >= 400) return send(response, reply);
    if (reply?.delayMs) await wait(reply.delayMs);
    response.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) });
    const bytes = Buffer.from(file.bytes);
    if (reply?.truncateAt != null) {
      response.write(bytes.subarray(0, Math.min(reply.truncateAt, bytes.length)));
      await wait(5);
      response.socket?.destroy();
      return 200;
    }
    if (reply?.chunkDelayMs != null) {
      for (let offset = 0; offset < bytes.length; offset += 1024) {
        response.write(bytes.subarray(offset, offset + 1024));
        await wait(reply.chunkDelayMs);
      }
      response.end();
      return 200;
    }
    response.end(bytes);
    return 200;
  };

  const registerOutput = (requestId: string, kind: 'image' | 'video' | 'audio'): string => {
    const file: StoredFile =
      kind === 'image'
        ? { bytes: png, contentType: 'image/png', fileName: 'output.png' }
        : kind === 'video'
          ? { bytes: mp4, contentType: 'video/mp4', fileName: 'output.mp4' }
          : { bytes: wav, contentType: 'audio/wav', fileName: 'output.wav' };
    const token = `${requestId}-${kind}`;
    files.set(token, file);
    return `${base}/cdn/files/${token}/${file.fileName}`;
  };

  const defaultOutput = (request: QueuedRequest): unknown => {
    const kind = kindOf(request.endpointId);
    if (kind === 'image') {
      return {
        images: [{ url: registerOutput(request.requestId, 'image'), width: 64, height: 36, content_type: 'image/png', file_size: png.length }],
        seed: typeof request.input.seed === 'number' ? request.input.seed : 42,
        has_nsfw_concepts: [false],
        prompt: request.input.prompt,
        timings: { inference: 0.01 },
      };
    }
    if (kind === 'video') {
      return {
        video: { url: registerOutput(request.requestId, 'video'), content_type: 'video/mp4', file_name: 'output.mp4', file_size: mp4.length },
        seed: 42,
      };
    }
    return {
      audio: { url: registerOutput(request.requestId, 'audio'), content_type: 'audio/wav', file_name: 'output.wav', file_size: wav.length },
      ...(request.endpointId.includes('minimax') ? { duration_ms: 1000 } : {}),
    };
  };

  const statusBody = (request: QueuedRequest, state: FalQueueState, withLogs: boolean) => {
    const requestUrl = `${base}/queue/${request.appPrefix}/requests/${request.requestId}`;
    return {
      status: state,
      request_id: request.requestId,
      response_url: requestUrl,
      status_url: `${requestUrl}/status`,
      cancel_url: `${requestUrl}/cancel`,
      ...(state === 'IN_QUEUE' ? { queue_position: 0 } : {}),
      ...(state !== 'IN_QUEUE' && withLogs ? { logs: [] } : {}),
      ...(state === 'COMPLETED' ? { metrics: { inference_time: 0.01 } } : {}),
    };
  };

  const stateOf = (request: QueuedRequest): FalQueueState => {
    if (request.cancelled) return 'COMPLETED';
    const statuses = behaviours.get(request.endpointId)?.statuses ?? defaultStatuses;
    if (request.statusCalls === 0 || statuses.length === 0) return statuses.length === 0 ? 'COMPLETED' : 'IN_QUEUE';
    return statuses[Math.min(request.statusCalls, statuses.length) - 1]!;
  };

  const missingFile = (input: Record<string, unknown>): string | undefined => {
    for (const [field, value] of Object.entries(input)) {
      if (!/_urls?$/.test(field)) continue;
      for (const url of Array.isArray(value) ? value : [value]) {
        if (typeof url !== 'string' || !url.startsWith(`${base}/cdn/files/`)) continue;
        const token = url.slice(`${base}/cdn/files/`.length).split('/')[0]!;
        if (!files.has(token)) return field;
      }
    }
    return undefined;
  };

  const handleQueue = async (
    request: IncomingMessage,
    response: ServerResponse,
    entry: FalEmulatorLogEntry,
    segments: string[],
    query: URLSearchParams,
    body: Buffer,
  ): Promise<number> => {
    const requestsAt = segments.indexOf('requests');
    if (requestsAt < 0) {
      entry.route = 'submit';
      if (request.method !== 'POST' || segments.length < 2) return json(response, 405, { detail: 'Method not allowed' });
      const endpointId = segments.join('/');
      entry.endpointId = endpointId;
      let input: unknown;
      try {
        input = body.length > 0 ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return json(response, 422, { detail: [{ loc: ['body'], msg: 'Invalid JSON body', type: 'value_error.jsondecode' }] });
      }
      entry.body = input;
      const scripted = takeScript('submit', endpointId);
      if (scripted) return send(response, scripted);
      if (input == null || typeof input !== 'object' || Array.isArray(input)) {
        return json(response, 422, { detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] });
      }
      const record = input as Record<string, unknown>;
      const required = behaviours.get(endpointId)?.requiredFields ?? builtInRequiredFields[endpointId] ?? [];
      const missing = required.filter((field) => record[field] == null || record[field] === '');
      if (missing.length > 0) {
        return json(response, 422, {
          detail: missing.map((field) => ({ loc: ['body', field], msg: 'field required', type: 'value_error.missing' })),
        });
      }
      const unreachable = missingFile(record);
      if (unreachable) {
        return json(response, 422, {
          detail: [{ loc: ['body', unreachable], msg: 'Failed to download the file. Please check if the URL is accessible.', type: 'file_download_error' }],
        });
      }
      const prefixLength = namespaces.has(segments[0]!) ? 3 : 2;
      const requestId = randomUUID();
      const queuedRequest: QueuedRequest = {
        requestId,
        endpointId,
        appPrefix: segments.slice(0, prefixLength).join('/'),
        input: record,
        statusCalls: 0,
        cancelled: false,
      };
      queued.set(requestId, queuedRequest);
      entry.requestId = requestId;
      counts.set(endpointId, (counts.get(endpointId) ?? 0) + 1);
      inputs.set(endpointId, [...(inputs.get(endpointId) ?? []), record]);
      const { status: _status, ...urls } = statusBody(queuedRequest, 'IN_QUEUE', false);
      return json(response, 200, { ...urls, gateway_request_id: requestId }, { 'x-fal-request-id': requestId });
    }

    const appPrefix = segments.slice(0, requestsAt).join('/');
    const requestId = segments[requestsAt + 1] ?? '';
    const tail = segments.slice(requestsAt + 2);
    entry.route = tail[0] === 'status' ? 'status' : tail[0] === 'cancel' ? 'cancel' : tail.length === 0 ? 'result' : 'unknown';
    entry.requestId = requestId;
    const queuedRequest = queued.get(requestId);
    if (queuedRequest) entry.endpointId = queuedRequest.endpointId;
    const scripted = takeScript(entry.route, queuedRequest?.endpointId);
    if (scripted) return send(response, scripted);
    if (!queuedRequest || queuedRequest.appPrefix !== appPrefix) {
      return json(response, 404, { detail: `Request ${requestId} not found under ${appPrefix}` });
    }

    if (entry.route === 'status') {
      if (request.method !== 'GET') return json(response, 405, { detail: 'Method not allowed' });
      queuedRequest.statusCalls += 1;
      const state = stateOf(queuedRequest);
      return json(response, state === 'COMPLETED' ? 200 : 202, statusBody(queuedRequest, state, query.get('logs') === '1'));
    }
    if (entry.route === 'cancel') {
      if (request.method !== 'PUT') return json(response, 405, { detail: 'Method not allowed' });
      if (stateOf(queuedRequest) === 'COMPLETED' && queuedRequest.statusCalls > 0) return json(response, 400, { status: 'ALREADY_COMPLETED' });
      queuedRequest.cancelled = true;
      return json(response, 202, { status: 'CANCELLATION_REQUESTED' });
    }
    if (entry.route === 'result') {
      if (request.method !== 'GET') return json(response, 405, { detail: 'Method not allowed' });
      if (queuedRequest.cancelled) return json(response, 400, { detail: 'Request was cancelled' });
      if (queuedRequest.statusCalls === 0 || stateOf(queuedRequest) !== 'COMPLETED') {
        return json(response, 400, { detail: 'Request is still in progress' });
      }
      const behaviour = behaviours.get(queuedRequest.endpointId);
      const output =
        typeof behaviour?.output === 'function'
          ? (behaviour.output as (input: Record<string, unknown>, files: { image: string; video: string; audio: string }) => unknown)(
              queuedRequest.input,
              {
                image: registerOutput(requestId, 'image'),
                video: registerOutput(requestId, 'video'),
                audio: registerOutput(requestId, 'audio'),
              },
            )
          : behaviour?.output !== undefined
            ? behaviour.output
            : defaultOutput(queuedRequest);
      return json(response, 200, output, { 'x-fal-request-id': requestId });
    }
    return json(response, 404, { detail: 'Not found' });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const parsed = new URL(request.url ?? '/', base);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (name === 'authorization' || value == null) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const authorization = request.headers.authorization;
    const entry: FalEmulatorLogEntry = {
      method: request.method ?? 'GET',
      path: `${parsed.pathname}${parsed.search}`,
      route: 'unknown',
      authorization: authorization ? 'present' : 'absent',
      headers,
      responseStatus: 0,
    };
    log.push(entry);
    const body = await readBody(request);
    const segments = parsed.pathname.split('/').filter(Boolean).map(decodeURIComponent);

    const needsKey = segments[0] === 'queue' || segments[0] === 'rest';
    if (needsKey) {
      const key = authorization?.startsWith('Key ') ? authorization.slice(4) : undefined;
      if (!key || (options.apiKey != null && key !== options.apiKey)) {
        entry.responseStatus = await json(response, 401, { detail: 'No user found for Key ID and Secret' });
        return;
      }
    }

    if (segments[0] === 'queue') {
      entry.responseStatus = await handleQueue(request, response, entry, segments.slice(1), parsed.searchParams, body);
      return;
    }
    if (segments[0] === 'rest' && segments.slice(1).join('/') === 'storage/upload/initiate' && request.method === 'POST') {
      entry.route = 'upload-initiate';
      let initiate: { content_type?: string; file_name?: string } = {};
      try {
        initiate = JSON.parse(body.toString('utf8'));
      } catch {
        entry.responseStatus = await json(response, 422, { detail: 'Invalid JSON body' });
        return;
      }
      entry.body = initiate;
      const scripted = takeScript('upload-initiate');
      if (scripted) {
        entry.responseStatus = await send(response, scripted);
        return;
      }
      const token = randomUUID();
      const fileName = (initiate.file_name ?? 'upload.bin').replace(/[^A-Za-z0-9._-]/g, '_');
      pendingUploads.set(token, { fileName, contentType: initiate.content_type ?? 'application/octet-stream' });
      entry.responseStatus = await json(response, 200, {
        upload_url: `${base}/cdn/upload/${token}?signature=emulated`,
        file_url: `${base}/cdn/files/${token}/${fileName}`,
      });
      return;
    }
    if (segments[0] === 'cdn' && segments[1] === 'upload' && request.method === 'PUT') {
      entry.route = 'upload';
      entry.bodyBytes = body.length;
      const scripted = takeScript('upload');
      if (scripted) {
        entry.responseStatus = await send(response, scripted);
        return;
      }
      const token = segments[2] ?? '';
      const pending = pendingUploads.get(token);
      if (!pending) {
        entry.responseStatus = await json(response, 404, { detail: 'Unknown upload URL' });
        return;
      }
      pendingUploads.delete(token);
      const bytes = new Uint8Array(body);
      const contentType = request.headers['content-type'] ?? pending.contentType;
      files.set(token, { bytes, contentType, fileName: pending.fileName });
      uploaded.push({
        fileUrl: `${base}/cdn/files/${token}/${pending.fileName}`,
        fileName: pending.fileName,
        contentType,
        bytes,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
      entry.responseStatus = await send(response, { status: 200, text: '' });
      return;
    }
    if (segments[0] === 'cdn' && segments[1] === 'files' && request.method === 'GET') {
      entry.route = 'file';
      const file = files.get(segments[2] ?? '');
      const scripted = takeScript('file');
      if (!file) {
        entry.responseStatus = await json(response, 404, { detail: 'File not found' });
        return;
      }
      entry.responseStatus = await sendFile(response, file, scripted);
      return;
    }
    entry.responseStatus = await json(response, 404, { detail: `No route for ${request.method} ${parsed.pathname}` });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ detail: `emulator error: ${error instanceof Error ? error.message : String(error)}` }));
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    queueURL: `${base}/queue`,
    restURL: `${base}/rest`,
    providerSettings: { baseURL: `${base}/queue`, restURL: `${base}/rest` },
    configure(endpointId, behaviour) {
      behaviours.set(endpointId, { ...behaviours.get(endpointId), ...behaviour });
    },
    enqueue(target, ...replies) {
      const { route, endpointId } = typeof target === 'string' ? { route: target, endpointId: undefined } : target;
      const key = `${route}|${endpointId ?? '*'}`;
      scripts.set(key, [...(scripts.get(key) ?? []), ...replies]);
    },
    get requests() {
      return log;
    },
    submissionCounts: () => Object.fromEntries(counts),
    submissions: (endpointId) => counts.get(endpointId) ?? 0,
    submittedInputs: (endpointId) => [...(inputs.get(endpointId) ?? [])],
    uploads: () => uploaded,
    reset() {
      queued.clear();
      files.clear();
      behaviours.clear();
      scripts.clear();
      log.length = 0;
      counts.clear();
      inputs.clear();
      uploaded.length = 0;
      pendingUploads.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
