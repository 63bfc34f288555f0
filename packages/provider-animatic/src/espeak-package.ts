import { ConfigError, type SpeechModelV1 } from '@cinema/core';

/**
 * The package that speaks the animatic's lines. It is GPL-3.0-or-later (it bundles eSpeak NG), so
 * the animatic (MIT) only loads it when it is installed and never depends on it.
 */
export const espeakPackage = '@cinema/speech-espeak';

/** The part of `@cinema/speech-espeak` the animatic uses. */
interface EspeakModule {
  espeak: { speechModel(modelId?: string): SpeechModelV1 };
}

/** Imports a module by name. Default: Node's `import()`. */
export type ImportModule = (specifier: string) => Promise<unknown>;

// The name is passed as a value so neither TypeScript nor the bundler needs the optional package.
const importByName: ImportModule = (specifier) => import(specifier);

/**
 * Makes the speech model of `@cinema/speech-espeak`, throwing a ConfigError that says how to
 * install it, or what to configure instead, when it cannot be loaded.
 */
export async function loadEspeakSpeechModel(modelId: string, importModule: ImportModule = importByName): Promise<SpeechModelV1> {
  let module: EspeakModule;
  try {
    module = (await importModule(espeakPackage)) as EspeakModule;
  } catch (error) {
    throw new ConfigError({
      message:
        `The animatic's voices need ${espeakPackage}, which could not be loaded (${(error as Error).message}). ` +
        `Run \`npm install ${espeakPackage}\` (GPL-3.0-or-later, as it bundles eSpeak NG), ` +
        `or set models.speech to another speech model, e.g. openai.speechModel('gpt-4o-mini-tts').`,
      path: 'models.speech',
      cause: error,
    });
  }
  return module.espeak.speechModel(modelId);
}
