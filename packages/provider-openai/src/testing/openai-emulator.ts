import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enhanceScreenplay, parseJsonObject, sampleFromSchema, screenplayFromPrompt } from './default-responses.js';
import { silentMp3, silentWav, solidPng } from './media-fixtures.js';

/** A response the emulator sends instead of its normal answer, for one call. */
export interface ScriptedResponse {
  /** HTTP status. Default: 200. */
  status?: number;
  headers?: Record<string, string>;
  /**
   * The body: a string is sent as is (use it for malformed JSON), anything else as JSON. When
   * absent, a 2xx falls through to the normal answer (with these headers) and an error status
   * gets an OpenAI-style error body.
   */
  body?: unknown;
  /** Only use this response for requests to this path (e.g. `/v1/images/edits`). Default: any path. */
  path?: string;
}

/** A chat completion request, as the responder sees it. */
export interface ChatRequestInfo {
  model: string;
  /** Messages with their text content. */
  messages: { role: string; content: string }[];
  /** The system (or developer) messages joined. */
  system: string;
  /** The user messages joined. */
  prompt: string;
  /** `response_format.json_schema.name`, when structured output was asked for. */
  schemaName?: string;
  /** `response_format.json_schema.schema`. */
  schema?: Record<string, unknown>;
  /** `response_format.json_schema.strict`. */
  strict?: boolean;
  /** The whole parsed request body. */
  body: Record<string, unknown>;
}

/** What a chat responder returns. */
export type ChatReply =
  /** The object, serialised as the message content. */
  | { object: unknown }
  /** A refusal (`message.refusal`, content null). */
  | { refusal: string }
  /** Raw message content (e.g. text that is not JSON), with an optional finish reason. */
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter' };

export type ChatResponder = (request: ChatRequestInfo) => ChatReply | Promise<ChatReply>;

/** A file part of a multipart request. */
export interface EmulatorFile {
  field: string;
  name: string;
  type: string;
  size: number;
  /** sha256 of the bytes, to tell files apart without keeping them. */
  sha256: string;
}

/** One request the emulator received. The Authorization header's value is never kept. */
export interface EmulatorRequest {
  method: string;
  path: string;
  /** Request headers, without `authorization`, `cookie`, `api-key` and `x-api-key`. */
  headers: Record<string, string>;
  /** Whether the request carried the expected `Authorization: Bearer` key. */
  authorized: boolean;
  /** The parsed JSON body, or the non-file fields of a multipart body; undefined when empty. */
  body: unknown;
  /** File parts of a multipart body, in order. */
  files: EmulatorFile[];
  /** File parts per field name, e.g. `{ 'image[]': 3 }`. */
  fileCounts: Record<string, number>;
  /** Status the emulator answered with. */
  status: number;
}

export interface OpenAIEmulatorOptions {
  /** Port on 127.0.0.1. Default: 0 (any free port). */
  port?: number;
  /** The key clients must send as `Authorization: Bearer <key>`; null accepts any request. Default: `'sk-emulator-key'`. */
  apiKey?: string | null;
  /** Answers chat completions. Default: a screenplay made from the prompt, or the smallest object fitting the schema. */
  chatResponder?: ChatResponder;
  /** Seconds of speech per character of input for `/audio/speech`. Default: 1/15 (15 characters a second). */
  speechSecondsPerCharacter?: number;
}

export interface OpenAIEmulator {
  /** The base URL to hand the SDK (`baseURL`), e.g. `http://127.0.0.1:53124/v1`. */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: EmulatorRequest[];
  /** The key the emulator expects (`null` when it accepts any). */
  readonly apiKey: string | null;
  /** Queues responses used by the next matching calls, in order (e.g. `[429 with Retry-After, 200]`). */
  enqueue(...responses: ScriptedResponse[]): void;
  /** Replaces the chat responder. */
  setChatResponder(responder: ChatResponder | undefined): void;
  /** Forgets logged requests and queued responses. */
  reset(): void;
  close(): Promise<void>;
}

const hiddenHeaders = new Set(['authorization', 'cookie', 'api-key', 'x-api-key', 'proxy-authorization']);

const errorTypes: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  403: { type: 'invalid_request_error', code: null, message: 'You are not allowed to use this model.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  408: { type: 'server_error', code: null, message: 'Request timed out.' },
  409: { type: 'invalid_request_error', code: null, message: 'Conflict.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests. Please try again later.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request. Sorry about that!' },
  502: { type: 'server_error', code: null, message: 'Bad gateway.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later.' },
};

function errorBody(status: number, message?: string, extra: Record<string, unknown> = {}) {
  const known = errorTypes[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null, message: `HTTP ${status}` };
  return { error: { message: message ?? known.message, type: known.type, param: null, code: known.code, ...extra } };
}

/** How OpenAI echoes a wrong key: the first three and last four characters. */
function maskKey(key: string): string {
  return key.length <= 8 ? '***' : `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}`;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function colourFor(text: string): [number, number, number] {
  const digest = createHash('sha256').update(text).digest();
  return [digest[0]!, digest[1]!, digest[2]!];
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const defaultChatResponder: ChatResponder = (request) => {
  if (request.schema == null) return { content: `You said: ${request.prompt.slice(0, 200)}` };
  if (/screenplay/i.test(request.schemaName ?? '')) {
    const draft = parseJsonObject(request.prompt);
    if (draft != null && Array.isArray(draft['scenes'])) return { object: enhanceScreenplay(draft) };
    return { object: screenplayFromPrompt(request.prompt) };
  }
  return { object: sampleFromSchema(request.schema) };
};

/**
 * A local server speaking OpenAI's wire protocol for the endpoints Cinema uses:
 * `POST /v1/chat/completions` (json_schema structured outputs), `POST /v1/images/generations`,
 * `POST /v1/images/edits` (multipart, `image[]` files counted and measured) and
 * `POST /v1/audio/speech` (MP3 or WAV). It checks `Authorization: Bearer`, plays queued
 * responses first, and logs every request without its key.
 */
export async function createOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const apiKey = options.apiKey === undefined ? 'sk-emulator-key' : options.apiKey;
  const secondsPerCharacter = options.speechSecondsPerCharacter ?? 1 / 15;
  const requests: EmulatorRequest[] = [];
  let queue: ScriptedResponse[] = [];
  let chatResponder: ChatResponder = options.chatResponder ?? defaultChatResponder;
  let completionCount = 0;

  const send = (response: ServerResponse, entry: EmulatorRequest, status: number, body: unknown, headers: Record<string, string> = {}) => {
    entry.status = status;
    const isBinary = body instanceof Uint8Array;
    const payload = isBinary ? body : typeof body === 'string' ? body : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': isBinary ? 'application/octet-stream' : 'application/json',
      'x-request-id': `req_emulator_${requests.length}`,
      ...headers,
    });
    response.end(payload);
  };

  const handleChat = async (body: Record<string, unknown>) => {
    const rawMessages = Array.isArray(body['messages']) ? (body['messages'] as { role?: unknown; content?: unknown }[]) : [];
    const messages = rawMessages.map((message) => ({ role: String(message.role ?? 'user'), content: textOf(message.content) }));
    const format = body['response_format'] as { type?: string; json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean } } | undefined;
    const info: ChatRequestInfo = {
      model: String(body['model']),
      messages,
      system: messages.filter((message) => message.role === 'system' || message.role === 'developer').map((message) => message.content).join('\n\n'),
      prompt: messages.filter((message) => message.role === 'user').map((message) => message.content).join('\n\n'),
      ...(format?.type === 'json_schema' && format.json_schema
        ? { schemaName: format.json_schema.name, schema: format.json_schema.schema, strict: format.json_schema.strict }
        : {}),
      body,
    };
    const reply = await chatResponder(info);
    let message: Record<string, unknown>;
    let finishReason = 'stop';
    if ('refusal' in reply) message = { role: 'assistant', content: null, refusal: reply.refusal, annotations: [] };
    else if ('object' in reply) message = { role: 'assistant', content: JSON.stringify(reply.object), refusal: null, annotations: [] };
    else {
      message = { role: 'assistant', content: reply.content, refusal: null, annotations: [] };
      finishReason = reply.finishReason ?? 'stop';
    }
    const promptTokens = Math.ceil(messages.reduce((sum, item) => sum + item.content.length, 0) / 4) + 3 * messages.length;
    const completionTokens = Math.ceil(String(message['content'] ?? message['refusal'] ?? '').length / 4);
    completionCount += 1;
    return {
      id: `chatcmpl-emulator-${completionCount}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: info.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_emulator',
    };
  };

  const imageResponse = (fields: Record<string, unknown>, imageFiles: EmulatorFile[]) => {
    const sizeText = typeof fields['size'] === 'string' && fields['size'] !== 'auto' ? fields['size'] : '1024x1024';
    const match = /^(\d+)x(\d+)$/.exec(sizeText);
    const width = match ? Number(match[1]) : 1024;
    const height = match ? Number(match[2]) : 1024;
    const count = Math.max(1, Math.min(10, Number(fields['n'] ?? 1) || 1));
    const quality = typeof fields['quality'] === 'string' && fields['quality'] !== 'auto' ? fields['quality'] : 'high';
    const perMegapixel = quality === 'low' ? 272 : quality === 'medium' ? 1056 : 4160;
    const prompt = String(fields['prompt'] ?? '');
    const textTokens = Math.ceil(prompt.length / 4);
    const imageTokens = imageFiles.length * 1500;
    const outputTokens = Math.ceil(perMegapixel * ((width * height) / (1024 * 1024))) * count;
    const png = solidPng(width, height, colourFor(prompt)).toString('base64');
    return {
      created: Math.floor(Date.now() / 1000),
      data: Array.from({ length: count }, () => ({ b64_json: png })),
      background: 'opaque',
      output_format: 'png',
      quality,
      size: `${width}x${height}`,
      usage: {
        input_tokens: textTokens + imageTokens,
        input_tokens_details: { text_tokens: textTokens, image_tokens: imageTokens },
        output_tokens: outputTokens,
        total_tokens: textTokens + imageTokens + outputTokens,
      },
    };
  };

  const route = async (
    entry: EmulatorRequest,
    fields: Record<string, unknown>,
    response: ServerResponse,
    extraHeaders: Record<string, string>,
    status: number,
  ) => {
    const path = entry.path;
    const requireModel = () => {
      if (typeof fields['model'] !== 'string' || fields['model'] === '') {
        send(response, entry, 400, errorBody(400, "you must provide a model parameter", { param: 'model' }));
        return false;
      }
      return true;
    };
    if (entry.method !== 'POST') {
      send(response, entry, 404, errorBody(404, `Invalid URL (${entry.method} ${path})`, { code: null }));
      return;
    }
    if (path === '/v1/chat/completions') {
      if (!requireModel()) return;
      if (!Array.isArray(fields['messages']) || fields['messages'].length === 0) {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'messages'.", { param: 'messages' }));
        return;
      }
      send(response, entry, status, await handleChat(fields), extraHeaders);
      return;
    }
    if (path === '/v1/images/generations') {
      if (!requireModel()) return;
      if (typeof fields['prompt'] !== 'string' || fields['prompt'] === '') {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'prompt'.", { param: 'prompt' }));
        return;
      }
      send(response, entry, status, imageResponse(fields, []), extraHeaders);
      return;
    }
    if (path === '/v1/images/edits') {
      const images = entry.files.filter((file) => file.field === 'image' || file.field === 'image[]');
      if (images.length === 0) {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'image'.", { param: 'image' }));
        return;
      }
      if (images.length > 16) {
        send(response, entry, 400, errorBody(400, `Too many images: ${images.length}; at most 16.`, { param: 'image' }));
        return;
      }
      if (typeof fields['prompt'] !== 'string' || fields['prompt'] === '') {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'prompt'.", { param: 'prompt' }));
        return;
      }
      send(response, entry, status, imageResponse(fields, images), extraHeaders);
      return;
    }
    if (path === '/v1/audio/speech') {
      if (!requireModel()) return;
      const input = fields['input'];
      if (typeof input !== 'string' || input === '') {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'input'.", { param: 'input' }));
        return;
      }
      if (input.length > 4096) {
        send(response, entry, 400, errorBody(400, 'Input is longer than 4096 characters.', { param: 'input' }));
        return;
      }
      if (fields['voice'] == null) {
        send(response, entry, 400, errorBody(400, "Missing required parameter: 'voice'.", { param: 'voice' }));
        return;
      }
      const seconds = Math.max(0.5, input.length * secondsPerCharacter);
      const format = fields['response_format'] ?? 'mp3';
      if (format === 'wav') send(response, entry, status, silentWav(seconds), { 'content-type': 'audio/wav', ...extraHeaders });
      else if (format === 'mp3') send(response, entry, status, silentMp3(seconds), { 'content-type': 'audio/mpeg', ...extraHeaders });
      else send(response, entry, 400, errorBody(400, `The emulator makes mp3 and wav only, not ${String(format)}.`, { param: 'response_format' }));
      return;
    }
    send(response, entry, 404, errorBody(404, `Invalid URL (POST ${path})`, { code: null }));
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const entry: EmulatorRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      headers: {},
      authorized: false,
      body: undefined,
      files: [],
      fileCounts: {},
      status: 0,
    };
    for (const [name, value] of Object.entries(request.headers)) {
      if (!hiddenHeaders.has(name) && value != null) entry.headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    requests.push(entry);
    try {
      const raw = await readBody(request);
      const contentType = request.headers['content-type'] ?? '';
      let fields: Record<string, unknown> = {};
      if (raw.length > 0 && contentType.startsWith('multipart/form-data')) {
        const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
        for (const [name, value] of form.entries()) {
          if (typeof value === 'string') fields[name] = value;
          else {
            const bytes = new Uint8Array(await value.arrayBuffer());
            entry.files.push({
              field: name,
              name: value.name,
              type: value.type,
              size: bytes.length,
              sha256: createHash('sha256').update(bytes).digest('hex'),
            });
            entry.fileCounts[name] = (entry.fileCounts[name] ?? 0) + 1;
          }
        }
        entry.body = fields;
      } else if (raw.length > 0) {
        try {
          fields = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
          entry.body = fields;
        } catch {
          entry.body = raw.toString('utf8').slice(0, 1000);
          send(response, entry, 400, errorBody(400, 'We could not parse the JSON body of your request.'));
          return;
        }
      }

      const authorization = request.headers['authorization'];
      const presented = typeof authorization === 'string' && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '') : undefined;
      entry.authorized = apiKey == null || presented === apiKey;
      if (!entry.authorized) {
        const message =
          presented == null || presented === ''
            ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            : `Incorrect API key provided: ${maskKey(presented)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        send(response, entry, 401, errorBody(401, message));
        return;
      }

      const index = queue.findIndex((item) => item.path == null || item.path === entry.path);
      const scripted = index >= 0 ? queue.splice(index, 1)[0] : undefined;
      const status = scripted?.status ?? 200;
      if (scripted && (scripted.body !== undefined || status >= 300)) {
        send(response, entry, status, scripted.body ?? errorBody(status), scripted.headers);
        return;
      }
      await route(entry, fields, response, scripted?.headers ?? {}, status);
    } catch (error) {
      if (!response.headersSent) send(response, entry, 500, errorBody(500, `Emulator error: ${error instanceof Error ? error.message : String(error)}`));
      else response.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    apiKey,
    enqueue: (...responses) => {
      queue.push(...responses);
    },
    setChatResponder: (responder) => {
      chatResponder = responder ?? options.chatResponder ?? defaultChatResponder;
    },
    reset: () => {
      requests.length = 0;
      queue = [];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
