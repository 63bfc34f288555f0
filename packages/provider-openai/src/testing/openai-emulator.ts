import { createHash } from 'node:crypto';
import {
  createTestServer,
  defaultSecretHeaders,
  isTestServerReply,
  replies,
  type LoggedFile,
  type TestServerLogEntry,
  type TestServerReply,
  type TestServerRequest,
} from '@cinema/test-server';
import { enhanceScreenplay, parseJsonObject, sampleFromSchema, screenplayFromPrompt } from './default-responses.js';
import { silentMp3, silentWav, solidPng } from './media-fixtures.js';
import { errorBody, maskKey, ollamaError } from './openai-error-body.js';

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

/**
 * What `enqueue` takes: a `ScriptedResponse`, or any `@cinema/test-server` reply (e.g.
 * `replies.drop()` or `replies.truncated(100)`), optionally for one path.
 */
export type OpenAIScriptedReply = ScriptedResponse | (TestServerReply & { path?: string });

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
  /** `response_format.type`: `json_schema`, `json_object` (JSON mode) or `text` when none was sent. */
  responseFormat: 'json_schema' | 'json_object' | 'text';
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

/** A file part of a multipart request: field, name, type, size and sha256 (the bytes are not kept). */
export type EmulatorFile = LoggedFile;

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
  /**
   * Which server to answer as. `ollama` answers as Ollama's OpenAI-compatible endpoint (`/v1`)
   * does: any key or none is accepted, errors are `{"error":{"message","type","param":null,"code":null}}`
   * with its types, completions carry `system_fingerprint: "fp_ollama"` and bare token counts and
   * no `refusal`, there are no image or speech endpoints, and `response_format` goes as
   * `ollamaJsonSchema` says. Default: `openai`.
   */
  server?: 'openai' | 'ollama';
  /**
   * As Ollama, what `response_format: {type: "json_schema"}` gets. `refused`: HTTP 500 "invalid JSON
   * schema in format", Ollama's answer for a schema its grammar converter cannot take. `honoured`:
   * Ollama 0.5 and later with a schema it can take. JSON mode (`json_object`) always works.
   * Default: `refused`.
   */
  ollamaJsonSchema?: 'refused' | 'honoured';
}

export interface OpenAIEmulator {
  /** The base URL to hand the SDK (`baseURL`), e.g. `http://127.0.0.1:53124/v1`. */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: EmulatorRequest[];
  /** The key the emulator expects (`null` when it accepts any). */
  readonly apiKey: string | null;
  /** Queues responses used by the next matching calls, in order (e.g. `[429 with Retry-After, 200]`). */
  enqueue(...responses: OpenAIScriptedReply[]): void;
  /** Replaces the chat responder. */
  setChatResponder(responder: ChatResponder | undefined): void;
  /** Forgets logged requests and queued responses. */
  reset(): void;
  close(): Promise<void>;
}

const hiddenHeaders = new Set(defaultSecretHeaders);

function toEmulatorRequest(entry: TestServerLogEntry): EmulatorRequest {
  const fileCounts: Record<string, number> = {};
  for (const file of entry.files) fileCounts[file.field] = (fileCounts[file.field] ?? 0) + 1;
  return {
    method: entry.method,
    path: entry.path,
    headers: Object.fromEntries(Object.entries(entry.headers).filter(([name]) => !hiddenHeaders.has(name))),
    authorized: entry.labels.authorized === 'true',
    body: entry.body,
    files: entry.files,
    fileCounts,
    status: entry.status ?? 0,
  };
}

/** The test-server reply a scripted response stands for. */
function toTestServerReply(scripted: OpenAIScriptedReply): TestServerReply {
  if (isTestServerReply(scripted)) {
    const { path: _path, ...reply } = scripted as TestServerReply & { path?: string };
    return reply as TestServerReply;
  }
  const response = scripted as ScriptedResponse;
  const status = response.status ?? 200;
  const headers = response.headers ?? {};
  if (typeof response.body === 'string') return replies.bytes(response.body, { status, headers: { 'content-type': 'application/json', ...headers } });
  if (response.body !== undefined) return replies.json(response.body, { status, headers });
  if (status >= 300) return replies.json(errorBody(status), { status, headers });
  // A 2xx without a body is the normal answer with these headers (and this status, unless the normal answer is an error).
  return replies.fallback({ ...(status !== 200 ? { status } : {}), headers });
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

/** A JSON Schema written into the messages, as a client in JSON mode gives it: a JSON object with `properties` that ends a message. */
function schemaInMessages(messages: { content: string }[]): Record<string, unknown> | undefined {
  for (const { content } of messages) {
    for (let start = content.indexOf('{'); start >= 0; start = content.indexOf('{', start + 1)) {
      const found = parseJsonObject(content.slice(start));
      if (found && typeof found['properties'] === 'object') return found;
    }
  }
  return undefined;
}

const defaultChatResponder: ChatResponder = (request) => {
  // In JSON mode a model only has the schema the prompt spells out.
  if (request.schema == null && request.responseFormat === 'json_object') {
    const schema = schemaInMessages(request.messages);
    return { object: schema ? sampleFromSchema(schema) : {} };
  }
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
 * responses first, and logs every request without its key. Built on `@cinema/test-server`.
 */
export async function createOpenAIEmulator(options: OpenAIEmulatorOptions = {}): Promise<OpenAIEmulator> {
  const ollama = options.server === 'ollama';
  // Ollama reads no key at all.
  const apiKey = ollama ? null : options.apiKey === undefined ? 'sk-emulator-key' : options.apiKey;
  const secondsPerCharacter = options.speechSecondsPerCharacter ?? 1 / 15;
  let chatResponder: ChatResponder = options.chatResponder ?? defaultChatResponder;
  let completionCount = 0;

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
      responseFormat: format?.type === 'json_schema' || format?.type === 'json_object' ? format.type : 'text',
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
    if (ollama) {
      return {
        id: `chatcmpl-${completionCount % 1000}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: info.model,
        system_fingerprint: 'fp_ollama',
        choices: [{ index: 0, message: { role: 'assistant', content: 'object' in reply ? JSON.stringify(reply.object, null, 2) : message['content'] }, finish_reason: finishReason }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      };
    }
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

  const invalid = (message: string, param: string) => replies.json(errorBody(400, message, { param }), { status: 400 });
  const missing = (param: string) => invalid(`Missing required parameter: '${param}'.`, param);
  const noModel = (fields: Record<string, unknown>) =>
    typeof fields['model'] !== 'string' || fields['model'] === '' ? invalid('you must provide a model parameter', 'model') : undefined;

  /** The JSON body, or the text fields of a multipart body; a 400 when the JSON does not parse. */
  const fieldsOf = async (request: TestServerRequest): Promise<Record<string, unknown> | TestServerReply> => {
    if ((request.headers['content-type'] ?? '').startsWith('multipart/form-data')) {
      const fields: Record<string, unknown> = {};
      for (const [name, value] of (await request.formData()).entries()) if (typeof value === 'string') fields[name] = value;
      return fields;
    }
    try {
      return (request.json() ?? {}) as Record<string, unknown>;
    } catch {
      return replies.json(errorBody(400, 'We could not parse the JSON body of your request.'), { status: 400 });
    }
  };
  /** Runs `answer` on the request's fields, or sends the 400 that parsing gave. */
  const withFields =
    (answer: (fields: Record<string, unknown>, request: TestServerRequest) => TestServerReply | Promise<TestServerReply>) =>
    async (request: TestServerRequest): Promise<TestServerReply> => {
      const fields = await fieldsOf(request);
      return isTestServerReply(fields) ? fields : answer(fields, request);
    };

  const chat = withFields(async (fields) => {
    const refused = noModel(fields);
    if (refused) return refused;
    if (!Array.isArray(fields['messages']) || fields['messages'].length === 0) return missing('messages');
    if (ollama && (fields['response_format'] as { type?: unknown } | undefined)?.type === 'json_schema' && options.ollamaJsonSchema !== 'honoured') {
      return replies.json(ollamaError(500, 'invalid JSON schema in format'), { status: 500 });
    }
    return replies.json(await handleChat(fields));
  });

  const generateImage = withFields((fields) => {
    const refused = noModel(fields);
    if (refused) return refused;
    if (typeof fields['prompt'] !== 'string' || fields['prompt'] === '') return missing('prompt');
    return replies.json(imageResponse(fields, []));
  });

  const editImage = withFields((fields, request) => {
    const images = request.log.files.filter((file) => file.field === 'image' || file.field === 'image[]');
    if (images.length === 0) return missing('image');
    if (images.length > 16) return invalid(`Too many images: ${images.length}; at most 16.`, 'image');
    if (typeof fields['prompt'] !== 'string' || fields['prompt'] === '') return missing('prompt');
    return replies.json(imageResponse(fields, images));
  });

  const speak = withFields((fields) => {
    const refused = noModel(fields);
    if (refused) return refused;
    const input = fields['input'];
    if (typeof input !== 'string' || input === '') return missing('input');
    if (input.length > 4096) return invalid('Input is longer than 4096 characters.', 'input');
    if (fields['voice'] == null) return missing('voice');
    const seconds = Math.max(0.5, input.length * secondsPerCharacter);
    const format = fields['response_format'] ?? 'mp3';
    if (format === 'wav') return replies.bytes(silentWav(seconds), { headers: { 'content-type': 'audio/wav' } });
    if (format === 'mp3') return replies.bytes(silentMp3(seconds), { headers: { 'content-type': 'audio/mpeg' } });
    return invalid(`The emulator makes mp3 and wav only, not ${String(format)}.`, 'response_format');
  });

  const server = await createTestServer({
    port: options.port ?? 0,
    routes: [
      { name: 'chat', method: 'POST', path: '/v1/chat/completions', handle: chat },
      ...(ollama
        ? []
        : [
            { name: 'image-generation', method: 'POST', path: '/v1/images/generations', handle: generateImage },
            { name: 'image-edit', method: 'POST', path: '/v1/images/edits', handle: editImage },
            { name: 'speech', method: 'POST', path: '/v1/audio/speech', handle: speak },
          ]),
    ],
    authorize: (request) => {
      const authorization = request.headers.authorization;
      const presented = authorization !== undefined && /^Bearer\s+/i.test(authorization) ? authorization.replace(/^Bearer\s+/i, '') : undefined;
      const authorized = apiKey == null || presented === apiKey;
      request.label('authorized', String(authorized));
      if (authorized) return undefined;
      const message =
        presented == null || presented === ''
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : `Incorrect API key provided: ${maskKey(presented)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
      return replies.json(errorBody(401, message), { status: 401 });
    },
    notFound: (request) =>
      ollama ? replies.bytes('404 page not found', { status: 404, headers: { 'content-type': 'text/plain' } }) : replies.json(errorBody(404, `Invalid URL (${request.method} ${request.path})`, { code: null }), { status: 404 }),
    onError: (error) => replies.json(errorBody(500, `Emulator error: ${error instanceof Error ? error.message : String(error)}`), { status: 500 }),
    headers: () => ({ 'x-request-id': `req_emulator_${server.requests.length}` }),
    secrets: apiKey ? [apiKey] : [],
  });

  return {
    url: `${server.url}/v1`,
    get requests() {
      return server.requests.map(toEmulatorRequest);
    },
    apiKey,
    enqueue: (...responses) => {
      for (const response of responses) server.enqueue(response.path !== undefined ? { path: response.path } : {}, toTestServerReply(response));
    },
    setChatResponder: (responder) => {
      chatResponder = responder ?? options.chatResponder ?? defaultChatResponder;
    },
    reset: () => server.reset(),
    close: () => server.close(),
  };
}
