import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CinemaConfig, type ConfigEnv, ConfigError, createMovieMaker, findConfigFile, loadConfig, type MovieMaker } from '@cinema/core';

export interface CliSetupOptions {
  /** `--config`; default: `cinema.config.ts` (or .mts/.js/.mjs) in the working directory, if any. */
  configPath?: string;
  /** `--out`. */
  out?: string;
  cwd: string;
  command: ConfigEnv['command'];
  /** Create the base directory when it is the default `./output`. */
  createDefaultBaseDir: boolean;
  /** `--budget`, over the config's `budget.maxCostUsd`. */
  budgetUsd?: number;
}

export interface CliSetup {
  config: CinemaConfig;
  configFile: string | undefined;
  baseDir: string;
  maker: MovieMaker;
}

export const defaultOut = 'output';

/**
 * The config a command runs with: the user's file where there is one, and the embedded defaults for
 * everything it leaves out: the offline animatic provider, SQLite at `{baseDir}/cinema.db` and ffmpeg.
 */
export async function setUpCli(options: CliSetupOptions): Promise<CliSetup> {
  const configFile = options.configPath ? resolve(options.cwd, options.configPath) : await findConfigFile(options.cwd);
  const config = configFile ? await loadConfig(configFile, { command: options.command }) : {};
  const explicitOut = options.out ?? config.baseDir;
  const baseDir = resolve(options.cwd, explicitOut ?? defaultOut);
  if (explicitOut === undefined && options.createDefaultBaseDir) await mkdir(baseDir, { recursive: true });
  const withDefaults = await fillDefaults(options.budgetUsd === undefined ? config : { ...config, budget: { maxCostUsd: options.budgetUsd } }, configFile);
  const maker = createMovieMaker(withDefaults, {
    file: configFile,
    defaultStore: async ({ baseDir: dir }) => {
      const { createSqliteJobStore } = await import('@cinema/tracker-sqlite');
      return createSqliteJobStore({ path: resolve(dir, 'cinema.db') });
    },
  });
  return { config: withDefaults, configFile, baseDir, maker };
}

async function fillDefaults(config: CinemaConfig, configFile: string | undefined): Promise<CinemaConfig> {
  const models = { ...config.models };
  const needsAnimatic = !models.writer || !(models.image || (models.characters && models.keyframes)) || !models.video || !models.speech;
  if (needsAnimatic) {
    const { animatic } = await importPlugin('@cinema/provider-animatic', configFile);
    models.writer ??= animatic.textModel();
    models.image ??= animatic.imageModel();
    models.video ??= animatic.videoModel();
    models.speech ??= animatic.speechModel();
  }
  let postProduction = config.postProduction;
  if (!postProduction) {
    const { createFfmpegPostProduction } = await importPlugin('@cinema/postprod-ffmpeg', configFile);
    postProduction = createFfmpegPostProduction();
  }
  return { ...config, models, postProduction };
}

async function importPlugin<T = any>(name: '@cinema/provider-animatic' | '@cinema/postprod-ffmpeg', configFile: string | undefined): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new ConfigError({
      message: `The default plugin ${name} is not installed: run \`npm install ${name}\`, or set it in ${configFile ?? 'cinema.config.ts'}.`,
      file: configFile,
      cause: error,
    });
  }
}
