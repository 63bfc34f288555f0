import type { OpenAI } from 'openai';
import { mapOpenAIError, malformedBodyError, type OpenAICallSite } from './openai-error.js';

/** What every OpenAI model gets from its provider. */
export interface OpenAIModelContext {
  /** Always `openai`. */
  readonly provider: string;
  /** The SDK client, made on first use; throws an `auth` CinemaError when no key is set. */
  client(): OpenAI;
  /** The API root calls go to, e.g. `https://api.openai.com/v1`. */
  baseURL(): string;
  /** Values never to show in errors (the API key). */
  secrets(): (string | undefined)[];
}

/** Something that resolves to the raw HTTP response, like the SDK's `APIPromise.asResponse()`. */
interface ResponsePromise {
  asResponse(): Promise<Response>;
}

/** Builds the description of a call used in errors. */
export function callSite(context: OpenAIModelContext, operation: string, modelId: string, path: string): OpenAICallSite {
  return { operation, modelId, url: `${context.baseURL().replace(/\/+$/, '')}${path}`, secrets: context.secrets() };
}

/** Waits for the raw response, mapping SDK errors (HTTP status, network, abort) to Cinema errors. */
export async function awaitResponse(request: () => ResponsePromise, site: OpenAICallSite): Promise<Response> {
  try {
    return await request().asResponse();
  } catch (error) {
    throw mapOpenAIError(error, site);
  }
}

/**
 * Sends a request and parses the JSON body itself (instead of letting the SDK do it) so that a
 * body that is not JSON gives an error quoting what came back.
 */
export async function requestJson<T>(request: () => ResponsePromise, site: OpenAICallSite): Promise<T> {
  const response = await awaitResponse(request, site);
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw mapOpenAIError(error, site);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw malformedBodyError(site, text, error instanceof Error ? error.message : String(error));
  }
}

/** Reads a binary body, mapping a dropped connection or an abort to a Cinema error. */
export async function readBytes(response: Response, site: OpenAICallSite): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw mapOpenAIError(error, site);
  }
}

/** SDK request options for one call: abort signal and extra headers. */
export function requestOptions(options: { abortSignal?: AbortSignal; headers?: Record<string, string> }): {
  signal?: AbortSignal;
  headers?: Record<string, string>;
} {
  return {
    ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  };
}
