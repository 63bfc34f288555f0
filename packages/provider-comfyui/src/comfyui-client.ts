import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import type { InputFile } from '@cinema/core';
import { comfyHttpError, comfyMalformedError, comfyNetworkError, type ComfyRequestSite } from './comfyui-errors.js';
import type { ComfyHistoryEntry } from './comfyui-history.js';
import type { ComfyOutputFile } from './comfyui-outputs.js';
import type { ComfyObjectInfo } from './workflow-check.js';
import type { ComfyApiWorkflow } from './workflow-definition.js';

/** One item of `GET /queue`: `[number, prompt_id, prompt, extra_data, outputs_to_execute]`. */
export type ComfyQueueItem = [number, string, ComfyApiWorkflow, Record<string, unknown>, string[], ...unknown[]];

/** `GET /queue`: the prompt being run and those waiting. */
export interface ComfyQueue {
  queue_running: ComfyQueueItem[];
  queue_pending: ComfyQueueItem[];
}

/** What `POST /prompt` takes. */
export interface ComfyPromptRequest {
  prompt: ComfyApiWorkflow;
  /** Kept by recent ComfyUI versions; older servers mint their own. */
  prompt_id?: string;
  client_id?: string;
  extra_data?: Record<string, unknown>;
}

/** What `POST /prompt` answers when it queued the prompt. */
export interface ComfyPromptAccepted {
  prompt_id: string;
  number: number;
  node_errors?: Record<string, unknown>;
}

export interface ComfyClientOptions {
  baseURL: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
}

interface RequestOptions {
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  what?: string;
}

/**
 * ComfyUI's HTTP API, as `server.py` serves it: `/object_info`, `/prompt`, `/history`, `/queue`,
 * `/interrupt`, `/upload/image` and `/view`. Every failure becomes a CinemaError that names the
 * request; nothing here retries (the orchestrator does).
 */
export class ComfyClient {
  readonly baseURL: string;
  readonly headers: Record<string, string>;
  private readonly fetchFunction: typeof globalThis.fetch;
  /** Uploads by content: the same bytes are sent once per provider. */
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(options: ComfyClientOptions) {
    this.baseURL = options.baseURL.replace(/\/+$/, '');
    this.headers = options.headers;
    this.fetchFunction = options.fetch;
  }

  private async request(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    const url = `${this.baseURL}${path}`;
    const site: ComfyRequestSite = { method, path: path.split('?')[0]!, url, ...(options.what ? { what: options.what } : {}) };
    const headers = new Headers({ ...this.headers, ...options.headers });
    let body: RequestInit['body'];
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(options.body);
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFunction(url, { method, headers, body, signal: options.signal });
      text = await response.text();
    } catch (error) {
      throw comfyNetworkError(error, site);
    }
    if (!response.ok) throw comfyHttpError(response, text, site);
    return text;
  }

  private async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = await this.request(method, path, options);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw comfyMalformedError(text, { method, path, url: `${this.baseURL}${path}`, ...(options.what ? { what: options.what } : {}) });
    }
  }

  /** `GET /object_info`: every node class the server has. */
  objectInfo(signal?: AbortSignal): Promise<ComfyObjectInfo> {
    return this.json('GET', '/object_info', { signal });
  }

  /** `POST /prompt`: queues a workflow. A refused one throws the server's reasons (HTTP 400). */
  queuePrompt(request: ComfyPromptRequest, options: { headers?: Record<string, string>; signal?: AbortSignal; what: string }): Promise<ComfyPromptAccepted> {
    return this.json('POST', '/prompt', { body: request, ...options });
  }

  /** `GET /history/{id}`: `{}` while the prompt is queued or running, or when the server does not know it. */
  history(promptId: string, signal?: AbortSignal): Promise<Record<string, ComfyHistoryEntry>> {
    return this.json('GET', `/history/${encodeURIComponent(promptId)}`, { signal });
  }

  /** `GET /history?max_items=n`: the newest finished prompts. */
  recentHistory(maxItems: number, signal?: AbortSignal): Promise<Record<string, ComfyHistoryEntry>> {
    return this.json('GET', `/history?max_items=${maxItems}`, { signal });
  }

  /** `GET /queue`. */
  queue(signal?: AbortSignal): Promise<ComfyQueue> {
    return this.json('GET', '/queue', { signal });
  }

  /** `POST /queue {"delete": [...]}`: takes waiting prompts out of the queue. */
  async deleteQueued(promptIds: string[]): Promise<void> {
    await this.request('POST', '/queue', { body: { delete: promptIds } });
  }

  /** `POST /interrupt {"prompt_id"}`: stops that prompt if it is the one running (older servers stop whatever runs). */
  async interrupt(promptId: string): Promise<void> {
    await this.request('POST', '/interrupt', { body: { prompt_id: promptId } });
  }

  /**
   * `POST /upload/image` into ComfyUI's input folder, named by content (`cinema-<sha256>.png`) so
   * the same picture is one file and two pictures never share a name. Returns what a LoadImage
   * node's `image` input takes.
   */
  uploadImage(file: InputFile, signal?: AbortSignal): Promise<string> {
    const digest = createHash('sha256').update(file.data).digest('hex');
    const cached = this.uploads.get(digest);
    if (cached) return cached;
    const upload = (async () => {
      const extension = extname(file.path) || (file.mediaType === 'image/jpeg' ? '.jpg' : '.png');
      const form = new FormData();
      form.set('image', new File([file.data], `cinema-${digest.slice(0, 32)}${extension}`, { type: file.mediaType }));
      form.set('type', 'input');
      form.set('overwrite', 'true');
      const stored = await this.json<{ name: string; subfolder?: string }>('POST', '/upload/image', { form, signal, what: ` of ${file.path}` });
      return stored.subfolder ? `${stored.subfolder}/${stored.name}` : stored.name;
    })();
    this.uploads.set(digest, upload);
    upload.catch(() => this.uploads.delete(digest));
    return upload;
  }

  /** Forgets which pictures were uploaded, so the next call sends them again (the server lost its input folder). */
  forgetUploads(): void {
    this.uploads.clear();
  }

  /** `GET /view?filename=…&subfolder=…&type=…`: where an output file is downloaded from. */
  viewURL(file: ComfyOutputFile): string {
    const query = new URLSearchParams({ filename: file.filename, subfolder: file.subfolder ?? '', type: file.type ?? 'output' });
    return `${this.baseURL}/view?${query}`;
  }
}
