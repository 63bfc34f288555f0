import { createHash, randomUUID } from 'node:crypto';
import {
  createTestServer,
  replies,
  type ReplyTarget,
  type ScriptedReply,
  type TestServerLogEntry,
  type TestServerReply,
  type TestServerRequest,
} from '@cinema/test-server';
import { builtInNodeTypes, objectInfoEntry, type ComfyEmulatorNodeType } from './emulator-node-types.js';
import { saveOutputs, type EmulatedFile } from './emulator-outputs.js';
import { checkPrompt } from './emulator-prompt-check.js';

/** The emulator's routes, for scripting replies and reading the log. */
export type ComfyUIEmulatorRoute = 'object-info' | 'prompt' | 'history' | 'queue' | 'queue-edit' | 'interrupt' | 'upload' | 'view';

export interface ComfyUIEmulatorOptions {
  /** Node classes the server has besides the built-in core ones (custom nodes), by class name. */
  nodeTypes?: Record<string, ComfyEmulatorNodeType>;
  /** Built-in node classes to leave out, as on a server without them. Default: none. */
  withoutNodeTypes?: string[];
  /** Status polls (`GET /history/{id}`) a prompt waits in the queue before it runs. Default: 1. */
  queuedPolls?: number;
  /** Status polls a prompt runs before it finishes. Default: 1. */
  runningPolls?: number;
  /**
   * Whether `POST /prompt` keeps the client's `prompt_id`, as recent ComfyUI versions do; `false`
   * mints one, as older servers do. Default: true.
   */
  honoursPromptId?: boolean;
  /** GPU seconds every prompt reports (the gap between its execution_start and execution_success). Default: 2. */
  gpuSeconds?: number;
  /** Headers every request must carry, as a hosted ComfyUI behind a token wants (401 otherwise). Default: none. */
  requiredHeaders?: Record<string, string>;
}

/** A prompt the emulator accepted. */
export interface EmulatedPrompt {
  promptId: string;
  number: number;
  prompt: Record<string, { class_type: string; inputs: Record<string, unknown> }>;
  extraData: Record<string, unknown>;
  outputs: string[];
  /** Where it is now: waiting, running, finished (in the history), or gone (deleted, or lost in a restart). */
  state: 'pending' | 'running' | 'done' | 'gone';
  polls: number;
}

/** A file uploaded through `POST /upload/image`. */
export interface ComfyUIEmulatorUpload {
  name: string;
  subfolder: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface ComfyUIEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Settings for `createComfyUI` that point it here. */
  readonly providerSettings: { baseURL: string };
  /** Every request received, oldest first, as `@cinema/test-server` logs it (route names as above). */
  readonly requests: readonly TestServerLogEntry[];
  /** Every prompt accepted, oldest first, restarts included. */
  prompts(): readonly EmulatedPrompt[];
  /** Files uploaded, oldest first. */
  uploads(): readonly ComfyUIEmulatorUpload[];
  /**
   * Makes the next `times` prompts (default 1) that contain a node of `nodeType` (default any) fail
   * while running, with ComfyUI's `execution_error` and this message.
   */
  failPrompts(failure: { message: string; nodeType?: string; exceptionType?: string; times?: number }): void;
  /** Queues one-off replies (any `@cinema/test-server` reply) for a route or a path, played before its own answer. */
  enqueue(target: ComfyUIEmulatorRoute | ReplyTarget, ...scripted: ScriptedReply[]): void;
  /** As a restarted server: the queue and the history are forgotten; uploaded and saved files stay on disk. */
  restart(): void;
  /** Forgets everything: prompts, files, the log and scripted replies. */
  reset(): void;
  close(): Promise<void>;
}

type HistoryEntry = { prompt: unknown[]; outputs: Record<string, unknown>; status: Record<string, unknown>; meta: Record<string, unknown> };

const fileKey = (type: string, subfolder: string, filename: string) => `${type}/${subfolder}/${filename}`;
const api = (path: string) => new RegExp(`^(?:/api)?${path}$`);

/**
 * A local ComfyUI: `GET /object_info`, `POST /prompt` (checked as `validate_prompt` checks it),
 * `GET /history` and `/history/{id}`, `GET /queue`, `POST /queue` (delete, clear),
 * `POST /interrupt`, `POST /upload/image` and `GET /view`, each also under `/api`, on a
 * `@cinema/test-server` on 127.0.0.1. Prompts move from the queue to running to the history as
 * they are polled, and their output nodes save real PNG, MP4 and MP3 files.
 */
export async function createComfyUIEmulator(options: ComfyUIEmulatorOptions = {}): Promise<ComfyUIEmulator> {
  const nodeTypes: Record<string, ComfyEmulatorNodeType> = { ...builtInNodeTypes, ...options.nodeTypes };
  for (const name of options.withoutNodeTypes ?? []) delete nodeTypes[name];
  const queuedPolls = options.queuedPolls ?? 1;
  const runningPolls = options.runningPolls ?? 1;
  const gpuMs = (options.gpuSeconds ?? 2) * 1000;
  const prompts: EmulatedPrompt[] = [];
  const history = new Map<string, HistoryEntry>();
  const files = new Map<string, EmulatedFile>();
  const uploads: ComfyUIEmulatorUpload[] = [];
  const failures: { message: string; nodeType?: string; exceptionType: string; times: number }[] = [];
  let number = 0;
  let saved = 0;

  const live = () => prompts.filter((prompt) => prompt.state === 'pending' || prompt.state === 'running');
  const inputNames = () => [...files.values()].filter((file) => file.type === 'input').map((file) => (file.subfolder ? `${file.subfolder}/${file.filename}` : file.filename));
  const isUploaded = (name: string) => inputNames().includes(name);
  const queueItem = (prompt: EmulatedPrompt) => [prompt.number, prompt.promptId, prompt.prompt, prompt.extraData, prompt.outputs];

  const finish = (prompt: EmulatedPrompt, ending: 'success' | 'error' | 'interrupted', failure?: { message: string; exceptionType: string; nodeId: string }) => {
    const started = Date.now();
    const at = (offset: number) => ({ prompt_id: prompt.promptId, timestamp: started + offset });
    const outputs: Record<string, unknown> = {};
    const messages: [string, Record<string, unknown>][] = [['execution_start', at(0)], ['execution_cached', { nodes: [], ...at(0) }]];
    if (ending === 'success') {
      for (const nodeId of prompt.outputs) {
        const made = saveOutputs(prompt.prompt, nodeId, nodeTypes[prompt.prompt[nodeId]!.class_type]!, () => ++saved);
        for (const file of made.files) files.set(fileKey(file.type, file.subfolder, file.filename), file);
        outputs[nodeId] = made.output;
      }
      messages.push(['execution_success', at(gpuMs)]);
    } else {
      const nodeId = failure?.nodeId ?? prompt.outputs[0]!;
      const where = { node_id: nodeId, node_type: prompt.prompt[nodeId]?.class_type, executed: [] };
      if (ending === 'interrupted') messages.push(['execution_interrupted', { ...where, ...at(gpuMs / 2) }]);
      else messages.push(['execution_error', { ...where, exception_message: failure!.message, exception_type: failure!.exceptionType, traceback: [], current_inputs: {}, current_outputs: {}, ...at(gpuMs / 2) }]);
    }
    prompt.state = 'done';
    history.set(prompt.promptId, {
      prompt: queueItem(prompt),
      outputs,
      status: { status_str: ending === 'success' ? 'success' : 'error', completed: ending === 'success', messages },
      meta: Object.fromEntries(Object.keys(outputs).map((nodeId) => [nodeId, { node_id: nodeId, display_node: nodeId, parent_node: null, real_node_id: nodeId }])),
    });
  };

  /** One status poll moves a prompt on: queued, then running, then finished. */
  const advance = (prompt: EmulatedPrompt) => {
    prompt.polls += 1;
    if (prompt.polls <= queuedPolls) return;
    if (prompt.polls <= queuedPolls + runningPolls) {
      prompt.state = 'running';
      return;
    }
    const failure = failures.find((item) => item.times > 0 && (item.nodeType === undefined || Object.values(prompt.prompt).some((node) => node.class_type === item.nodeType)));
    if (!failure) return finish(prompt, 'success');
    failure.times -= 1;
    const nodeId = Object.entries(prompt.prompt).find(([, node]) => failure.nodeType === undefined || node.class_type === failure.nodeType)![0];
    finish(prompt, 'error', { message: failure.message, exceptionType: failure.exceptionType, nodeId });
  };

  const objectInfo = (request: TestServerRequest): TestServerReply => {
    const only = request.params.nodeClass;
    const names = only !== undefined ? (nodeTypes[decodeURIComponent(only)] ? [decodeURIComponent(only)] : []) : Object.keys(nodeTypes);
    return replies.json(Object.fromEntries(names.map((name) => [name, objectInfoEntry(name, nodeTypes[name]!, inputNames())])));
  };

  const queuePrompt = (request: TestServerRequest): TestServerReply => {
    let body: Record<string, unknown>;
    try {
      body = (request.json() ?? {}) as Record<string, unknown>;
    } catch {
      return replies.json({ error: { type: 'invalid_prompt', message: 'Invalid JSON body', details: '', extra_info: {} }, node_errors: {} }, { status: 400 });
    }
    if (body.prompt === undefined) {
      return replies.json({ error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} }, node_errors: {} }, { status: 400 });
    }
    const check = checkPrompt(body.prompt, nodeTypes, isUploaded);
    if (!check.ok) return replies.json(check.body, { status: 400 });
    const promptId = options.honoursPromptId !== false && body.prompt_id !== undefined ? String(body.prompt_id) : randomUUID();
    const extraData = { ...(body.extra_data as Record<string, unknown> | undefined), ...(body.client_id !== undefined ? { client_id: body.client_id } : {}) };
    const accepted: EmulatedPrompt = { promptId, number: number++, prompt: structuredClone(body.prompt) as EmulatedPrompt['prompt'], extraData, outputs: check.outputs, state: 'pending', polls: 0 };
    prompts.push(accepted);
    request.label('promptId', promptId);
    return replies.json({ prompt_id: promptId, number: accepted.number, node_errors: {} });
  };

  const historyOf = (request: TestServerRequest): TestServerReply => {
    const promptId = request.params.promptId;
    if (promptId !== undefined) {
      const id = decodeURIComponent(promptId);
      const prompt = live().find((item) => item.promptId === id);
      if (prompt) advance(prompt);
      const entry = history.get(id);
      return replies.json(entry ? { [id]: entry } : {});
    }
    const entries = [...history.entries()];
    const maxItems = request.query.get('max_items');
    return replies.json(Object.fromEntries(maxItems !== null ? entries.slice(-Number(maxItems)) : entries));
  };

  const queueOf = (): TestServerReply =>
    replies.json({
      queue_running: live().filter((prompt) => prompt.state === 'running').map(queueItem),
      queue_pending: live().filter((prompt) => prompt.state === 'pending').map(queueItem),
    });

  const editQueue = (request: TestServerRequest): TestServerReply => {
    const body = (request.json() ?? {}) as { delete?: string[]; clear?: boolean };
    for (const prompt of live()) {
      if (prompt.state === 'pending' && (body.clear === true || body.delete?.includes(prompt.promptId))) prompt.state = 'gone';
    }
    return replies.bytes('', { headers: { 'content-type': 'text/plain' } });
  };

  const interrupt = (request: TestServerRequest): TestServerReply => {
    let promptId: string | undefined;
    try {
      promptId = ((request.json() ?? {}) as { prompt_id?: string }).prompt_id;
    } catch {
      promptId = undefined;
    }
    for (const prompt of live()) {
      if (prompt.state === 'running' && (promptId === undefined || prompt.promptId === promptId)) finish(prompt, 'interrupted');
    }
    return replies.bytes('', { headers: { 'content-type': 'text/plain' } });
  };

  const upload = async (request: TestServerRequest): Promise<TestServerReply> => {
    const form = await request.formData();
    const image = form.get('image');
    if (image === null || typeof image === 'string' || image.name === '') return replies.bytes('', { status: 400 });
    const type = (form.get('type') as string | null) ?? 'input';
    const subfolder = (form.get('subfolder') as string | null) ?? '';
    const overwrite = ['true', '1'].includes(String(form.get('overwrite')));
    const bytes = new Uint8Array(await image.arrayBuffer());
    let filename = image.name;
    const dot = filename.lastIndexOf('.');
    // ComfyUI keeps one copy of identical bytes, and numbers a different file with a taken name.
    for (let copy = 1; !overwrite; copy++) {
      const existing = files.get(fileKey(type, subfolder, filename));
      if (!existing || Buffer.from(existing.bytes).equals(Buffer.from(bytes))) break;
      filename = dot > 0 ? `${image.name.slice(0, dot)} (${copy})${image.name.slice(dot)}` : `${image.name} (${copy})`;
    }
    files.set(fileKey(type, subfolder, filename), { type: type as EmulatedFile['type'], subfolder, filename, bytes, contentType: image.type || 'image/png' });
    uploads.push({ name: filename, subfolder, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
    return replies.json({ name: filename, subfolder, type });
  };

  const view = (request: TestServerRequest): TestServerReply => {
    const file = files.get(fileKey(request.query.get('type') ?? 'output', request.query.get('subfolder') ?? '', request.query.get('filename') ?? ''));
    if (!file) return replies.bytes('', { status: 404 });
    return replies.bytes(file.bytes, { headers: { 'content-type': file.contentType, 'content-disposition': `filename="${file.filename}"` } });
  };

  const server = await createTestServer({
    routes: [
      { name: 'object-info', method: 'GET', path: api('/object_info(?:/(?<nodeClass>[^/]+))?'), handle: objectInfo },
      { name: 'prompt', method: 'POST', path: api('/prompt'), handle: queuePrompt },
      { name: 'history', method: 'GET', path: api('/history(?:/(?<promptId>[^/]+))?'), scope: (request) => request.params.promptId, handle: historyOf },
      { name: 'queue', method: 'GET', path: api('/queue'), handle: queueOf },
      { name: 'queue-edit', method: 'POST', path: api('/queue'), handle: editQueue },
      { name: 'interrupt', method: 'POST', path: api('/interrupt'), handle: interrupt },
      { name: 'upload', method: 'POST', path: api('/upload/image'), handle: upload },
      { name: 'view', method: 'GET', path: api('/view'), handle: view },
    ],
    authorize: (request) => {
      for (const [name, value] of Object.entries(options.requiredHeaders ?? {})) {
        if (request.headers[name.toLowerCase()] !== value) return replies.bytes('401: Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } });
      }
      return undefined;
    },
    notFound: () => replies.bytes('404: Not Found', { status: 404, headers: { 'content-type': 'text/plain' } }),
    onError: (error) => replies.bytes(`500 Internal Server Error\n\nemulator: ${error instanceof Error ? error.message : String(error)}`, { status: 500, headers: { 'content-type': 'text/plain' } }),
    secrets: Object.values(options.requiredHeaders ?? {}),
  });

  return {
    url: server.url,
    providerSettings: { baseURL: server.url },
    get requests() {
      return server.requests;
    },
    prompts: () => prompts,
    uploads: () => uploads,
    failPrompts(failure) {
      failures.push({ message: failure.message, nodeType: failure.nodeType, exceptionType: failure.exceptionType ?? 'RuntimeError', times: failure.times ?? 1 });
    },
    enqueue(target, ...scripted) {
      server.enqueue(typeof target === 'string' ? { route: target } : target, ...scripted);
    },
    restart() {
      for (const prompt of live()) prompt.state = 'gone';
      history.clear();
    },
    reset() {
      prompts.length = 0;
      uploads.length = 0;
      failures.length = 0;
      history.clear();
      files.clear();
      server.reset();
    },
    close: () => server.close(),
  };
}
