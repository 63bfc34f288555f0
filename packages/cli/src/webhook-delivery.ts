import { WebhookDeliverer } from '@cinema/core';
import type { CliSetup } from './cli-setup.js';

/** How long a command that ran a movie keeps sending its last events before it exits. */
export const webhookDrainMs = 10_000;

/**
 * Starts sending the store's events to the config's webhooks, if it has any; returns how to stop.
 * A receiver's trouble is one line on stderr per failed attempt; what was not sent when the command
 * ends is sent by the next command or `cinema serve` on the same store.
 */
export async function startWebhooks(setup: CliSetup, warn: (line: string) => void): Promise<(options?: { drainMs?: number }) => Promise<void>> {
  const webhooks = setup.config.webhooks ?? [];
  if (webhooks.length === 0) return async () => {};
  const deliverer = new WebhookDeliverer({
    store: await setup.maker.store(setup.baseDir),
    webhooks,
    onError: (problem) => warn(`webhook ${problem.webhook}: ${problem.message}\n`),
  });
  await deliverer.start();
  return (options) => deliverer.stop(options);
}
