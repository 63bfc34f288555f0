import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** The JSON body checked against `schema`; a 415, or a 400 naming the field at fault, when it does not fit. */
export async function requestBody<Schema extends z.ZodType>(context: Context, schema: Schema): Promise<z.infer<Schema>> {
  const type = context.req.header('content-type') ?? '';
  // Only JSON: a form another site's page posts without asking is refused before anything is read.
  if (!/^application\/json\b/i.test(type)) throw new ApiError(415, 'Send the body as JSON, with Content-Type: application/json.');
  let body: unknown;
  try {
    const text = await context.req.text();
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new ApiError(400, field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? undefined : field);
}
