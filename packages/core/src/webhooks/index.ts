export { wantsEvent } from './webhook-config.js';
export type { WebhookConfig, WebhookEventFilter } from './webhook-config.js';
export { signWebhook, webhookSecretKey, webhookSecretPrefix } from './sign-webhook.js';
export { webhookMessage } from './webhook-message.js';
export type { WebhookMessage } from './webhook-message.js';
export { WebhookDeliverer } from './webhook-deliverer.js';
export type { WebhookDelivererOptions } from './webhook-deliverer.js';
