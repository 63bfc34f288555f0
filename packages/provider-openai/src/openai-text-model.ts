import type { ModelWarning, TextModelV1, TextModelV1CallOptions, TextModelV1Result } from '@cinema/core';
import { CinemaError, InvalidResponseError } from '@cinema/core';
import type { ChatCompletion, ChatCompletionContentPart, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { jsonModeMessages, jsonSchemaRefusal, schemaProblem } from './json-mode.js';
import { callSite, requestJson, requestOptions, type OpenAIModelContext } from './openai-client.js';
import type { OpenAITextCapabilities } from './openai-catalogue.js';
import { redactSecrets, truncate } from './openai-error.js';
import { estimateTokens, textCost } from './openai-prices.js';

/** Per-model settings for `openai.textModel(id, settings)`. */
export interface OpenAITextModelSettings {
  /**
   * Send the schema with `strict: true`, so OpenAI guarantees the shape. Strict mode needs every
   * property required and `additionalProperties: false` everywhere, which zod schemas with
   * optional fields or defaults do not meet. Default: strict when the schema allows it.
   */
  strictJsonSchema?: boolean;
  /** `max_completion_tokens`. Default: not sent (the model's own limit). */
  maxOutputTokens?: number;
  /** `reasoning_effort` for reasoning models (gpt-5 family). Default: not sent. */
  reasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /**
   * How to ask for structured output. `json_schema` sends the schema, which the server enforces
   * (OpenAI, vLLM, LM Studio, Ollama 0.5 and later); `json_object` asks for JSON mode, puts the
   * schema in the system message and checks the answer against it here. Default: `json_schema`,
   * switching to `json_object` for the rest of the model's life when the server refuses the schema
   * (Ollama's "invalid JSON schema in format", a server without json_schema), with a warning.
   */
  structuredOutput?: 'json_schema' | 'json_object';
}

/** Whether OpenAI's strict structured outputs accept this JSON Schema as it stands. */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (schema == null || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  if ('default' in node) return false;
  const properties = node['properties'];
  if (properties != null && typeof properties === 'object') {
    if (node['additionalProperties'] !== false) return false;
    const required = Array.isArray(node['required']) ? (node['required'] as unknown[]) : [];
    if (Object.keys(properties).some((key) => !required.includes(key))) return false;
  }
  return Object.entries(node).every(([key, value]) => {
    if (key === 'required' || key === 'enum' || key === 'const' || key === 'examples') return true;
    if ((key === 'properties' || key === '$defs' || key === 'definitions') && value != null && typeof value === 'object') {
      return Object.values(value).every(isStrictCompatible);
    }
    return isStrictCompatible(value);
  });
}

/** OpenAI's `json_schema.name` allows letters, digits, `_` and `-`, up to 64 characters. */
function schemaNameFor(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64);
  return cleaned === '' ? 'output' : cleaned;
}

/** Some OpenAI-compatible servers wrap JSON in a Markdown fence; OpenAI itself does not. */
function stripFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return match?.[1] ?? text;
}

/** A chat model answering with structured output through `POST /chat/completions`. */
export class OpenAITextModel implements TextModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  /** What Cinema found when it looked the id up (unknown or deprecated model); also added to every result. */
  readonly warnings: readonly ModelWarning[];
  readonly #context: OpenAIModelContext;
  readonly #capabilities: OpenAITextCapabilities;
  readonly #settings: OpenAITextModelSettings;
  /** Why the server refused `json_schema`, once it has: later calls go straight to JSON mode. */
  #jsonSchemaRefused: string | undefined;

  constructor(options: {
    modelId: string;
    context: OpenAIModelContext;
    capabilities: OpenAITextCapabilities | undefined;
    warnings: ModelWarning[];
    settings?: OpenAITextModelSettings;
  }) {
    this.modelId = options.modelId;
    this.provider = options.context.provider;
    this.#context = options.context;
    this.#capabilities = options.capabilities ?? { supportsTemperature: true };
    this.warnings = options.warnings;
    this.#settings = options.settings ?? {};
  }

  async doGenerate(options: TextModelV1CallOptions): Promise<TextModelV1Result> {
    const warnings: ModelWarning[] = [...this.warnings];
    const site = callSite(this.#context, 'chat.completions', this.modelId, '/chat/completions');
    const client = this.#context.client();

    const messages: ChatCompletionMessageParam[] = [];
    if (options.system) messages.push({ role: 'system', content: options.system });
    messages.push({ role: 'user', content: userContent(options) });

    const schemaName = schemaNameFor(options.schemaName);
    const strict = this.#settings.strictJsonSchema ?? isStrictCompatible(options.jsonSchema);
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.modelId,
      messages,
      response_format: { type: 'json_schema', json_schema: { name: schemaName, schema: options.jsonSchema, strict } },
    };
    if (options.temperature != null) {
      if (this.#capabilities.supportsTemperature) body.temperature = options.temperature;
      else
        warnings.push({
          type: 'unsupported-setting',
          setting: 'temperature',
          message: `OpenAI model "${this.modelId}" is a reasoning model and accepts no temperature; ${options.temperature} was not sent.`,
        });
    }
    if (this.#settings.maxOutputTokens != null) body.max_completion_tokens = this.#settings.maxOutputTokens;
    if (this.#settings.reasoningEffort != null) body.reasoning_effort = this.#settings.reasoningEffort;

    const complete = (request: ChatCompletionCreateParamsNonStreaming) =>
      requestJson<ChatCompletion>(() => client.chat.completions.create(request, requestOptions(options)), site);
    const { completion, jsonMode } = await this.#structuredCompletion(body, options, complete);
    if (jsonMode && this.#jsonSchemaRefused !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'structuredOutput',
        message: `The server at ${this.#context.baseURL()} refused json_schema structured output (${truncate(this.#jsonSchemaRefused, 200)}); asked in JSON mode with the schema in the system message, and checked the answer against it.`,
      });
    }

    const where = `OpenAI model "${this.modelId}" (schema "${schemaName}")`;
    const choice = completion?.choices?.[0];
    if (choice == null || choice.message == null) {
      throw new InvalidResponseError({
        message: `${where} returned no choices. The body began: ${JSON.stringify(truncate(redactSecrets(JSON.stringify(completion), site.secrets)))}.`,
      });
    }
    if (choice.message.refusal) {
      throw new CinemaError({
        message: `${where} refused: ${JSON.stringify(truncate(choice.message.refusal))}. Rewrite the script or prompt; retrying the same request will not help.`,
        category: 'content_policy',
        isRetryable: false,
      });
    }
    if (choice.finish_reason === 'content_filter') {
      throw new CinemaError({
        message: `${where} stopped: OpenAI's content filter removed the answer. Rewrite the script or prompt; retrying the same request will not help.`,
        category: 'content_policy',
        isRetryable: false,
      });
    }
    const content = choice.message.content;
    if (choice.finish_reason === 'length') {
      throw new InvalidResponseError({
        message:
          `${where} ran out of output tokens before finishing the JSON (finish_reason "length", ${completion.usage?.completion_tokens ?? '?'} tokens). ` +
          'Raise maxOutputTokens, shorten the script, or use a model with a larger output limit.',
        isRetryable: false,
      });
    }
    if (content == null || content.trim() === '') {
      throw new InvalidResponseError({ message: `${where} returned an empty message (finish_reason "${choice.finish_reason}").` });
    }
    let object: unknown;
    try {
      object = JSON.parse(stripFence(content));
    } catch (error) {
      throw new InvalidResponseError({
        message:
          `${where} returned text that is not valid JSON (${error instanceof Error ? error.message : String(error)}). ` +
          `It began: ${JSON.stringify(truncate(redactSecrets(content, site.secrets)))}.`,
      });
    }

    if (jsonMode) {
      const problem = schemaProblem(object, options.jsonSchema);
      if (problem) {
        throw new InvalidResponseError({
          message: `${where} answered in JSON mode, which does not enforce the schema, with JSON that breaks it at ${problem.field}: ${problem.message}. The call is retried; a larger model follows schemas more reliably.`,
          field: problem.field,
        });
      }
    }

    const inputTokens = completion.usage?.prompt_tokens;
    const outputTokens = completion.usage?.completion_tokens;
    let costUsd = 0;
    if (inputTokens != null && outputTokens != null) {
      const cost = textCost(this.modelId, {
        inputTokens,
        outputTokens,
        cachedInputTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
      });
      if (cost == null) {
        if (this.warnings.length === 0) {
          warnings.push({ type: 'other', message: `No price known for OpenAI model "${this.modelId}"; cost reported as 0.` });
        }
      } else costUsd = cost;
    } else {
      const estimate = this.estimateCost(options);
      costUsd = estimate;
      warnings.push({
        type: 'other',
        message: `The response reported no token usage; cost $${estimate.toFixed(4)} is an estimate from the prompt length.`,
      });
    }

    return {
      object,
      costUsd,
      usage: { inputTokens, outputTokens },
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /**
   * Asks with the schema (`json_schema`) unless the settings or an earlier refusal say JSON mode;
   * a refusal of the schema switches to JSON mode (`json_object`) for this call and the next ones.
   */
  async #structuredCompletion(
    body: ChatCompletionCreateParamsNonStreaming,
    options: TextModelV1CallOptions,
    complete: (request: ChatCompletionCreateParamsNonStreaming) => Promise<ChatCompletion>,
  ): Promise<{ completion: ChatCompletion; jsonMode: boolean }> {
    if (this.#settings.structuredOutput !== 'json_object' && this.#jsonSchemaRefused === undefined) {
      try {
        return { completion: await complete(body), jsonMode: false };
      } catch (error) {
        const refusal = jsonSchemaRefusal(error);
        if (refusal === undefined) throw error;
        this.#jsonSchemaRefused = refusal;
      }
    }
    const messages = jsonModeMessages(options.system, options.prompt, options.jsonSchema);
    // Pictures go with the prompt in JSON mode too.
    messages[messages.length - 1] = { role: 'user', content: userContent(options) };
    return { completion: await complete({ ...body, messages, response_format: { type: 'json_object' } }), jsonMode: true };
  }

  /**
   * Dollars a call would cost: the prompt's tokens (four characters a token) plus an answer twice
   * as long, at least 2,000 tokens (reasoning models think before they answer). 0 for unknown models.
   */
  estimateCost(options: Pick<TextModelV1CallOptions, 'prompt' | 'system'>): number {
    const inputTokens = estimateTokens(`${options.system ?? ''}${options.prompt}`);
    return textCost(this.modelId, { inputTokens, outputTokens: Math.max(2000, inputTokens * 2) }) ?? 0;
  }
}

/** The user message: the prompt, then each picture as a data URL (chat completions' `image_url` part). */
function userContent(options: TextModelV1CallOptions): string | ChatCompletionContentPart[] {
  if (!options.images || options.images.length === 0) return options.prompt;
  return [
    { type: 'text', text: options.prompt },
    ...options.images.map((image): ChatCompletionContentPart => ({ type: 'image_url', image_url: { url: `data:${image.mediaType};base64,${Buffer.from(image.data).toString('base64')}` } })),
  ];
}
