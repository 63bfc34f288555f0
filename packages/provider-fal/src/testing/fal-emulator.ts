import { createHash, randomUUID } from 'node:crypto';
import {
  createPng,
  createTestServer,
  createWav,
  replies,
  tinyMp4,
  type TestServerLogEntry,
  type TestServerReply,
  type TestServerRequest,
} from '@cinema/test-server';
import { falCatalogue } from '../fal-catalogue.js';
import { toTestServerReply, type FalReply } from './fal-replies.js';
import { falRequiredFields } from './fal-required-fields.js';

export { falReplies, type FalReply, type FalScriptedReply } from './fal-replies.js';

/** fal's queue states. There is no FAILED: a failed job fails on the result GET. */
export type FalQueueState = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED';

/** The emulator's routes, for scripting replies and reading the log. */
export type FalEmulatorRoute = 'submit' | 'status' | 'result' | 'cancel' | 'upload-initiate' | 'upload' | 'file' | 'unknown';

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
  /** The status answered; 0 when the connection was dropped. */
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
  /**
   * Queues one-off replies for a route, optionally only for one endpoint (for `file`, the endpoint
   * whose result the file is). Used in order, once each. Takes `falReplies` or any
   * `@cinema/test-server` reply (e.g. `replies.drop()`).
   */
  enqueue(target: FalEmulatorRoute | { route: FalEmulatorRoute; endpointId?: string }, ...replies: FalReply[]): void;
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
  /** The endpoint whose result this is; none for uploads. */
  endpointId?: string;
}

type OutputFiles = { image: string; video: string; audio: string };

const namespaces = new Set(['workflows', 'comfy']);

function kindOf(endpointId: string): 'image' | 'video' | 'speech' {
  const known = falCatalogue[endpointId]?.kind;
  if (known) return known;
  if (/tts|speech|voice|audio/i.test(endpointId)) return 'speech';
  if (/video|veo|kling|wan|seedance|hailuo|flf2v/i.test(endpointId)) return 'video';
  return 'image';
}

const detail = (status: number, message: unknown, headers?: Record<string, string>): TestServerReply =>
  replies.json({ detail: message }, { status, ...(headers ? { headers } : {}) });

/** Status, result and cancel URLs: `/queue/{owner}/{alias}/requests/{id}{tail}`. */
const requestPath = (tail: string) => new RegExp(`^/queue/(?<app>.+)/requests/(?<requestId>[^/]+)${tail}$`);

function toLogEntry(entry: TestServerLogEntry): FalEmulatorLogEntry {
  const { authorization, ...headers } = entry.headers;
  const route = (entry.route ?? 'unknown') as FalEmulatorRoute;
  const requestId = entry.labels.requestId ?? entry.params.requestId;
  return {
    method: entry.method,
    path: entry.url,
    route,
    ...(entry.scope !== undefined ? { endpointId: entry.scope } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    authorization: authorization !== undefined ? 'present' : 'absent',
    headers,
    ...((route === 'submit' || route === 'upload-initiate') && entry.body !== undefined ? { body: entry.body } : {}),
    ...(route === 'upload' ? { bodyBytes: entry.bodyBytes } : {}),
    responseStatus: entry.status ?? 0,
  };
}

/**
 * A local fal.ai: the queue protocol (submit → status 202 IN_QUEUE / IN_PROGRESS → 200 COMPLETED →
 * result; cancel), storage upload (initiate + PUT) and file serving, on a `@cinema/test-server` on
 * 127.0.0.1. Point `createFal(emulator.providerSettings)` at it; the official `@fal-ai/client`
 * inside talks to it as it would to fal.
 */
export async function createFalEmulator(options: FalEmulatorOptions = {}): Promise<FalEmulator> {
  const defaultStatuses: FalQueueState[] = options.statuses ?? ['IN_QUEUE', 'IN_PROGRESS', 'COMPLETED'];
  const queued = new Map<string, QueuedRequest>();
  const files = new Map<string, StoredFile>();
  const behaviours = new Map<string, FalEndpointBehaviour>();
  const counts = new Map<string, number>();
  const inputs = new Map<string, Record<string, unknown>[]>();
  const uploaded: FalEmulatorUpload[] = [];
  const pendingUploads = new Map<string, { fileName: string; contentType: string }>();
  let base = '';

  const png = createPng();
  const mp4 = tinyMp4();
  const wav = createWav();

  const registerOutput = (request: QueuedRequest, kind: 'image' | 'video' | 'audio'): string => {
    const file: StoredFile =
      kind === 'image'
        ? { bytes: png, contentType: 'image/png', fileName: 'output.png' }
        : kind === 'video'
          ? { bytes: mp4, contentType: 'video/mp4', fileName: 'output.mp4' }
          : { bytes: wav, contentType: 'audio/wav', fileName: 'output.wav' };
    const token = `${request.requestId}-${kind}`;
    files.set(token, { ...file, endpointId: request.endpointId });
    return `${base}/cdn/files/${token}/${file.fileName}`;
  };

  const defaultOutput = (request: QueuedRequest): unknown => {
    const kind = kindOf(request.endpointId);
    if (kind === 'image') {
      return {
        images: [{ url: registerOutput(request, 'image'), width: 64, height: 36, content_type: 'image/png', file_size: png.length }],
        seed: typeof request.input.seed === 'number' ? request.input.seed : 42,
        has_nsfw_concepts: [false],
        prompt: request.input.prompt,
        timings: { inference: 0.01 },
      };
    }
    if (kind === 'video') {
      return {
        video: { url: registerOutput(request, 'video'), content_type: 'video/mp4', file_name: 'output.mp4', file_size: mp4.length },
        seed: 42,
      };
    }
    return {
      audio: { url: registerOutput(request, 'audio'), content_type: 'audio/wav', file_name: 'output.wav', file_size: wav.length },
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

  const submit = (request: TestServerRequest): TestServerReply => {
    const endpointId = request.params.endpointId!;
    let input: unknown;
    try {
      input = request.json() ?? {};
    } catch {
      return detail(422, [{ loc: ['body'], msg: 'Invalid JSON body', type: 'value_error.jsondecode' }]);
    }
    if (input == null || typeof input !== 'object' || Array.isArray(input)) {
      return detail(422, [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }]);
    }
    const record = input as Record<string, unknown>;
    const required = behaviours.get(endpointId)?.requiredFields ?? falRequiredFields[endpointId] ?? [];
    const missing = required.filter((field) => record[field] == null || record[field] === '');
    if (missing.length > 0) {
      return detail(422, missing.map((field) => ({ loc: ['body', field], msg: 'field required', type: 'value_error.missing' })));
    }
    const unreachable = missingFile(record);
    if (unreachable) {
      return detail(422, [{ loc: ['body', unreachable], msg: 'Failed to download the file. Please check if the URL is accessible.', type: 'file_download_error' }]);
    }
    const segments = endpointId.split('/');
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
    request.label('requestId', requestId);
    counts.set(endpointId, (counts.get(endpointId) ?? 0) + 1);
    inputs.set(endpointId, [...(inputs.get(endpointId) ?? []), record]);
    const { status: _status, ...urls } = statusBody(queuedRequest, 'IN_QUEUE', false);
    return replies.json({ ...urls, gateway_request_id: requestId }, { headers: { 'x-fal-request-id': requestId } });
  };

  /** The queued request a status, result or cancel URL names, or the 404 fal answers. */
  const queuedFor = (request: TestServerRequest): QueuedRequest | TestServerReply => {
    const { app, requestId = '' } = request.params;
    const found = queued.get(requestId);
    if (!found || found.appPrefix !== app) return detail(404, `Request ${requestId} not found under ${app}`);
    return found;
  };
  const isReply = (value: QueuedRequest | TestServerReply): value is TestServerReply => 'type' in value;
  const endpointOf = (request: TestServerRequest) => queued.get(request.params.requestId ?? '')?.endpointId;

  const status = (request: TestServerRequest): TestServerReply => {
    const found = queuedFor(request);
    if (isReply(found)) return found;
    found.statusCalls += 1;
    const state = stateOf(found);
    return replies.json(statusBody(found, state, request.query.get('logs') === '1'), { status: state === 'COMPLETED' ? 200 : 202 });
  };

  const cancel = (request: TestServerRequest): TestServerReply => {
    const found = queuedFor(request);
    if (isReply(found)) return found;
    if (stateOf(found) === 'COMPLETED' && found.statusCalls > 0) return replies.json({ status: 'ALREADY_COMPLETED' }, { status: 400 });
    found.cancelled = true;
    return replies.json({ status: 'CANCELLATION_REQUESTED' }, { status: 202 });
  };

  const result = (request: TestServerRequest): TestServerReply => {
    const found = queuedFor(request);
    if (isReply(found)) return found;
    if (found.cancelled) return detail(400, 'Request was cancelled');
    if (found.statusCalls === 0 || stateOf(found) !== 'COMPLETED') return detail(400, 'Request is still in progress');
    const behaviour = behaviours.get(found.endpointId);
    const output =
      typeof behaviour?.output === 'function'
        ? (behaviour.output as (input: Record<string, unknown>, outputFiles: OutputFiles) => unknown)(found.input, {
            image: registerOutput(found, 'image'),
            video: registerOutput(found, 'video'),
            audio: registerOutput(found, 'audio'),
          })
        : behaviour?.output !== undefined
          ? behaviour.output
          : defaultOutput(found);
    return replies.json(output, { headers: { 'x-fal-request-id': found.requestId } });
  };

  const initiateUpload = (request: TestServerRequest): TestServerReply => {
    let initiate: { content_type?: string; file_name?: string };
    try {
      initiate = (request.json() ?? {}) as typeof initiate;
    } catch {
      return detail(422, 'Invalid JSON body');
    }
    const token = randomUUID();
    const fileName = (initiate.file_name ?? 'upload.bin').replace(/[^A-Za-z0-9._-]/g, '_');
    pendingUploads.set(token, { fileName, contentType: initiate.content_type ?? 'application/octet-stream' });
    return replies.json({ upload_url: `${base}/cdn/upload/${token}?signature=emulated`, file_url: `${base}/cdn/files/${token}/${fileName}` });
  };

  const receiveUpload = (request: TestServerRequest): TestServerReply => {
    const token = request.params.token ?? '';
    const pending = pendingUploads.get(token);
    if (!pending) return detail(404, 'Unknown upload URL');
    pendingUploads.delete(token);
    const bytes = new Uint8Array(request.body);
    const contentType = request.headers['content-type'] ?? pending.contentType;
    files.set(token, { bytes, contentType, fileName: pending.fileName });
    uploaded.push({
      fileUrl: `${base}/cdn/files/${token}/${pending.fileName}`,
      fileName: pending.fileName,
      contentType,
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    return replies.bytes('', { headers: { 'content-type': 'text/plain' } });
  };

  const serveFile = (request: TestServerRequest): TestServerReply => {
    const file = files.get(request.params.token ?? '');
    if (!file) return detail(404, 'File not found');
    return replies.bytes(file.bytes, { headers: { 'content-type': file.contentType } });
  };

  const secrets = options.apiKey ? [options.apiKey, ...options.apiKey.split(':').filter((part) => part.length >= 8)] : [];
  const server = await createTestServer({
    routes: [
      { name: 'status', method: 'GET', path: requestPath('/status'), scope: endpointOf, handle: status },
      { name: 'cancel', method: 'PUT', path: requestPath('/cancel'), scope: endpointOf, handle: cancel },
      { name: 'result', method: 'GET', path: requestPath(''), scope: endpointOf, handle: result },
      { name: 'submit', method: 'POST', path: /^\/queue\/(?!.*\/requests\/)(?<endpointId>[^/]+\/.+)$/, scope: (request) => request.params.endpointId, handle: submit },
      { name: 'upload-initiate', method: 'POST', path: '/rest/storage/upload/initiate', handle: initiateUpload },
      { name: 'upload', method: 'PUT', path: '/cdn/upload/:token', handle: receiveUpload },
      { name: 'file', method: 'GET', path: '/cdn/files/:token/*', scope: (request) => files.get(request.params.token ?? '')?.endpointId, handle: serveFile },
    ],
    // The queue and storage hosts need the key; the CDN (uploads and results) never sees it.
    authorize: (request) => {
      if (!request.path.startsWith('/queue/') && !request.path.startsWith('/rest/')) return undefined;
      const authorization = request.headers.authorization;
      const key = authorization?.startsWith('Key ') ? authorization.slice(4) : undefined;
      if (!key || (options.apiKey != null && key !== options.apiKey)) return detail(401, 'No user found for Key ID and Secret');
      return undefined;
    },
    notFound: (request) => detail(404, `No route for ${request.method} ${request.path}`),
    onError: (error) => detail(500, `emulator error: ${error instanceof Error ? error.message : String(error)}`),
    secrets,
  });
  base = server.url;

  return {
    url: base,
    queueURL: `${base}/queue`,
    restURL: `${base}/rest`,
    providerSettings: { baseURL: `${base}/queue`, restURL: `${base}/rest` },
    configure(endpointId, behaviour) {
      behaviours.set(endpointId, { ...behaviours.get(endpointId), ...behaviour });
    },
    enqueue(target, ...scripted) {
      const { route, endpointId } = typeof target === 'string' ? { route: target, endpointId: undefined } : target;
      server.enqueue({ route, ...(endpointId !== undefined ? { scope: endpointId } : {}) }, ...scripted.map(toTestServerReply));
    },
    get requests() {
      return server.requests.map(toLogEntry);
    },
    submissionCounts: () => Object.fromEntries(counts),
    submissions: (endpointId) => counts.get(endpointId) ?? 0,
    submittedInputs: (endpointId) => [...(inputs.get(endpointId) ?? [])],
    uploads: () => uploaded,
    reset() {
      server.reset();
      queued.clear();
      files.clear();
      behaviours.clear();
      counts.clear();
      inputs.clear();
      uploaded.length = 0;
      pendingUploads.clear();
    },
    close: () => server.close(),
  };
}
