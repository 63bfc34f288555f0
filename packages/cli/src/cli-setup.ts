import { resolve } from 'node:path';
import { type CinemaConfig, type ConfigEnv, ConfigError, createMovieMaker, findConfigFile, loadConfig, type MovieMaker } from '@cinema/core';
import { createBaseDir, requireBaseDir } from './base-dir.js';
import { openStorageUrl, openStoreUrl } from './store-urls.js';

export interface CliSetupOptions {
  /** `--config`; default: `cinema.config.ts` (or .mts/.js/.mjs) in the working directory, if any. */
  configPath?: string;
  /** `--out`. */
  out?: string;
  cwd: string;
  command: ConfigEnv['command'];
  /**
   * What the command does with the base directory. `write` creates it and its parents when missing,
   * since generate writes movies there; `read` refuses a missing one, naming it, rather than make an
   * empty folder for a mistyped --out; `none` leaves it alone (estimate). Default: `read`.
   */
  baseDirAccess?: 'write' | 'read' | 'none';
  /** `--budget`, over the config's `budget.maxCostUsd`. */
  budgetUsd?: number;
  /**
   * `--review`: the videos stage waits for approval, on top of the stages the config's
   * `review.before` names. Default: false, the config alone decides.
   */
  review?: boolean;
  /** `--store`: the job store's URL, over the config's `store` (see `openStoreUrl`). */
  store?: string;
  /** `--storage`: the asset store's URL, over the config's `storage` (see `openStorageUrl`). */
  storage?: string;
}

export interface CliSetup {
  config: CinemaConfig;
  configFile: string | undefined;
  baseDir: string;
  maker: MovieMaker;
}

export const defaultOut = 'output';

/** The stage `--review` holds: clips are what costs, and the stills they are made from can be looked at first. */
export const reviewedStage = 'videos';

/**
 * The config a command runs with: the user's file where there is one, and the embedded defaults for
 * everything it leaves out: the offline animatic provider, SQLite at `{baseDir}/cinema.db`, and ffmpeg
 * for the edit and for the checks of every take.
 */
export async function setUpCli(options: CliSetupOptions): Promise<CliSetup> {
  const configFile = options.configPath ? resolve(options.cwd, options.configPath) : await findConfigFile(options.cwd);
  const config = configFile ? await loadConfig(configFile, { command: options.command }) : {};
  const baseDir = resolve(options.cwd, options.out ?? config.baseDir ?? defaultOut);
  const access = options.baseDirAccess ?? 'read';
  // With a shared store named, the base directory is only this machine's cache of the movies' files.
  if (access === 'write' || (access === 'read' && options.store !== undefined)) await createBaseDir(baseDir);
  else if (access === 'read') await requireBaseDir(baseDir);
  const withFlags: CinemaConfig = {
    ...config,
    ...(options.budgetUsd === undefined ? {} : { budget: { maxCostUsd: options.budgetUsd } }),
    ...(options.review ? { review: { before: [...new Set([...(config.review?.before ?? []), reviewedStage])] } } : {}),
    ...(options.store === undefined ? {} : { store: await openStoreUrl(options.store, options.cwd) }),
    ...(options.storage === undefined ? {} : { storage: await openStorageUrl(options.storage, options.cwd) }),
  };
  const withDefaults = await fillDefaults(withFlags, configFile);
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
  const animaticClips = !models.video;
  if (needsAnimatic) {
    const { animatic } = await importPlugin('@cinema/provider-animatic', configFile);
    models.writer ??= animatic.textModel();
    models.image ??= animatic.imageModel();
    models.video ??= animatic.videoModel();
    models.speech ??= animatic.speechModel();
  }
  let postProduction = config.postProduction;
  let checks = config.checks;
  if (!postProduction || checks === undefined) {
    const { createFfmpegPostProduction, createFfmpegAssetChecker } = await importPlugin('@cinema/postprod-ffmpeg', configFile);
    postProduction ??= createFfmpegPostProduction();
    // Every take is checked (black or frozen clips, silent lines...) unless the config says `checks: false`.
    checks ??= createFfmpegAssetChecker({ checkMotion: !animaticClips });
  }
  return { ...config, models, postProduction, checks };
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
