import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CinemaError } from '@cinema/core';

interface EspeakModule {
  FS: { readFile(path: string): Uint8Array; writeFile(path: string, data: string | Uint8Array): void };
}

type EspeakFactory = (options: Record<string, unknown>) => Promise<EspeakModule>;

/** The parts of the WebAssembly global used here (the Node 20 typings do not declare it). */
interface CompiledModule {
  readonly compiled: unique symbol;
}
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<CompiledModule>;
  instantiate(module: CompiledModule, imports: unknown): Promise<unknown>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const espeakPackage = 'espeak-ng';
/** 2000-01-01T00:00:00Z, the time eSpeak is told it is. */
const fixedClockMs = 946_684_800_000;

let compiled: Promise<{ factory: EspeakFactory; module: CompiledModule }> | undefined;

/** Loads and compiles the eSpeak NG WebAssembly build once per process. */
function loadEspeak(): Promise<{ factory: EspeakFactory; module: CompiledModule }> {
  compiled ??= (async () => {
    const require = createRequire(import.meta.url);
    const folder = join(dirname(require.resolve('espeak-ng/package.json')), 'dist');
    const [{ default: factory }, bytes] = await Promise.all([
      import(espeakPackage) as Promise<{ default: EspeakFactory }>,
      readFile(join(folder, 'espeak-ng.wasm')),
    ]);
    return { factory, module: await webAssembly.compile(bytes) };
  })().catch((error: unknown) => {
    compiled = undefined;
    throw new CinemaError({
      message: `Could not load eSpeak NG from the espeak-ng package (${(error as Error).message}). Reinstall @cinema/speech-espeak.`,
      category: 'config',
      cause: error,
    });
  });
  return compiled;
}

/**
 * Runs the eSpeak NG command line (compiled to WebAssembly) on `text` and returns the WAV it wrote
 * (22,050 Hz, mono, 16-bit). Each call gets a fresh instance: eSpeak's `main` is not re-entrant.
 */
export async function speakToWav(text: string, args: string[]): Promise<Uint8Array> {
  const { factory, module } = await loadEspeak();
  const errors: string[] = [];
  const instance = await factory({
    arguments: [...args, '-b', '1', '-w', '/out.wav', '-f', '/in.txt'],
    preRun: [(runtime: EspeakModule) => runtime.FS.writeFile('/in.txt', text)],
    instantiateWasm(imports: { env: Record<string, unknown> }, done: (instance: unknown, module: CompiledModule) => void) {
      // eSpeak seeds its random source (used for voice jitter) from the clock; a fixed clock makes
      // the same line give the same bytes on every call.
      const env = { ...imports.env, emscripten_date_now: () => fixedClockMs, emscripten_get_now: () => 0 };
      webAssembly.instantiate(module, { ...imports, env }).then((instance) => done(instance, module));
      return {};
    },
    print: () => {},
    printErr: (line: string) => errors.push(line),
  });
  try {
    return instance.FS.readFile('/out.wav');
  } catch (error) {
    throw new CinemaError({
      message: `eSpeak NG wrote no audio (arguments ${args.join(' ')}): ${errors.join(' ').trim() || (error as Error).message}`,
      category: 'unknown',
      cause: error,
    });
  }
}
