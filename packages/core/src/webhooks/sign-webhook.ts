import { createHmac } from 'node:crypto';

/** The prefix of a Standard Webhooks signing secret. */
export const webhookSecretPrefix = 'whsec_';

/** The secret's key bytes (the base64 after `whsec_`). */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(webhookSecretPrefix) ? secret.slice(webhookSecretPrefix.length) : secret, 'base64');
}

/**
 * The `webhook-signature` header of a message, per Standard Webhooks: `v1,` and the base64
 * HMAC-SHA256 of `{id}.{timestamp}.{body}` keyed with the secret's bytes. `timestamp` is in
 * seconds since the epoch, as sent in `webhook-timestamp`.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}
