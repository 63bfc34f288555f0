import { ApiCallError } from '@cinema/core';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';

/**
 * The server's reason when a call failed because it will not take `response_format: json_schema`,
 * else undefined. Ollama answers HTTP 500 "invalid JSON schema in format" for a schema its grammar
 * converter cannot take; servers without structured outputs answer 400 or 422 naming
 * `response_format`; others name their grammar or guided decoding.
 */
export function jsonSchemaRefusal(error: unknown): string | undefined {
  if (!ApiCallError.isInstance(error)) return undefined;
  const status = error.statusCode;
  if (status !== 400 && status !== 422 && status !== 500 && status !== 501) return undefined;
  const text = `${error.message}\n${error.responseBody ?? ''}`;
  return /response_format|json[_ ]schema|schema|\bformat\b|grammar|guided/i.test(text) ? `HTTP ${status}: ${error.message}` : undefined;
}

/**
 * The messages for JSON mode (`response_format: json_object`): the server then only promises some
 * JSON object, so the schema goes into the system message, where OpenAI's JSON mode also wants the
 * word JSON.
 */
export function jsonModeMessages(system: string | undefined, prompt: string, jsonSchema: Record<string, unknown>): ChatCompletionMessageParam[] {
  const instruction = `Answer with one JSON object and nothing else. It must follow this JSON Schema:\n${JSON.stringify(jsonSchema)}`;
  return [
    { role: 'system', content: system ? `${system}\n\n${instruction}` : instruction },
    { role: 'user', content: prompt },
  ];
}

/**
 * Where an answer breaks its JSON Schema (`scenes.0.shots: Invalid input: expected array`), checked
 * with zod's `fromJSONSchema`; undefined when it fits, or when zod cannot read the schema (the
 * caller validates the object again in any case).
 */
export function schemaProblem(value: unknown, jsonSchema: Record<string, unknown>): { field: string; message: string } | undefined {
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(jsonSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return undefined;
  }
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return { field: issue.path.map(String).join('.') || '(root)', message: issue.message };
}
