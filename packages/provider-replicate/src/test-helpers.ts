import type { InputFile } from '@cinema/core';
import { createPng } from '@cinema/test-server';
import { createReplicate } from './replicate-provider.js';
import type { ReplicateProviderSettings } from './replicate-provider.js';
import type { ReplicateEmulator } from './testing/replicate-emulator.js';

/** A token distinctive enough to search for in logs, bodies and errors. */
export const testToken = 'r8_TESTTOKEN_do_not_leak_4f1c9a';

/** A provider pointed at the emulator, with quick polling and the sleeps it did recorded. */
export function emulatedProvider(emulator: ReplicateEmulator, settings: ReplicateProviderSettings = {}) {
  const sleeps: number[] = [];
  const provider = createReplicate({
    apiToken: testToken,
    baseURL: emulator.baseURL,
    pollIntervalMs: 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...settings,
  });
  return { provider, sleeps };
}

/** A real PNG with a marker byte appended, so two frames can be told apart after upload. */
export function pngFile(path: string, marker: number): InputFile {
  const png = createPng(32, 18);
  return { path, mediaType: 'image/png', data: new Uint8Array(Buffer.concat([png, Buffer.from([marker])])) };
}

/** Everything the provider could leak a token through, as one string. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = Object.fromEntries(Object.entries(error));
  return `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(fields)}\n${error.cause instanceof Error ? errorText(error.cause) : ''}`;
}

export async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
