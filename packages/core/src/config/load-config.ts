import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors/index.js';
import { formatPath } from '../screenplay/parse-screenplay.js';
import type { CinemaConfig, CinemaConfigExport, ConfigEnv } from './cinema-config.js';
import { configSchema } from './config-schema.js';

export const configFileNames = ['cinema.config.ts', 'cinema.config.mts', 'cinema.config.js', 'cinema.config.mjs'];

/** The first config file in `directory`, if any. */
export async function findConfigFile(directory: string): Promise<string | undefined> {
  for (const name of configFileNames) {
    const path = resolve(directory, name);
    try {
      await access(path);
      return path;
    } catch {
      // try the next name
    }
  }
  return undefined;
}

/** Checks a config object; the error names the bad field and, when given, the file. */
export function validateConfig(config: unknown, file?: string): CinemaConfig {
  const where = file ? ` in ${file}` : '';
  const result = configSchema.safeParse(config);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = formatPath(issue.path);
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    throw new ConfigError({ message: `Invalid config${where}: "${path}": ${message}.`, file, path });
  }
  return config as CinemaConfig;
}

/**
 * Loads `cinema.config.ts` (or .js/.mjs) with jiti, so TypeScript configs need no build step, calls
 * it when it exports a function, and validates the result.
 */
export async function loadConfig(file: string, env: ConfigEnv = { command: 'generate' }): Promise<CinemaConfig> {
  const path = resolve(file);
  try {
    await access(path);
  } catch {
    throw new ConfigError({ message: `Config file ${path} does not exist. Run \`cinema init\` to write one, or drop --config.`, file: path });
  }
  let exported: unknown;
  try {
    const { createJiti } = await import('jiti');
    const jiti = createJiti(pathToFileURL(path).href, { moduleCache: false });
    const module = (await jiti.import(path)) as Record<string, unknown>;
    // jiti's interop answers `.default` with the whole module when there is none: ask with `in`.
    exported = 'default' in module ? module.default : undefined;
  } catch (error) {
    const missing = /Cannot find (?:module|package) '([^']+)'/.exec((error as Error).message)?.[1];
    const hint = missing && !missing.startsWith('.') && !missing.startsWith('/') ? ` The config imports ${missing}, which is not installed: run \`npm install ${missing}\` or fix the name.` : '';
    const reason = (error as Error).message.split('\n')[0]!.replace(/\.?$/, '.');
    throw new ConfigError({ message: `Could not load config ${path}: ${reason}${hint}`, file: path, cause: error });
  }
  if (exported === undefined) throw new ConfigError({ message: `Config ${path} has no default export: end it with \`export default defineConfig({...})\`.`, file: path });
  const config = typeof exported === 'function' ? await (exported as Exclude<CinemaConfigExport, CinemaConfig>)(env) : exported;
  return validateConfig(config, path);
}
