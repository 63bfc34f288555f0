import { execFile } from 'node:child_process';

/**
 * The environment of a user's own shell: this process's, without what npm and vitest add for the
 * scripts they run. npm hands its settings to a script as `npm_config_*` variables and a child npm
 * takes them as its own: under `npm test --workspace x`, the user's `npm install` would look for a
 * workspace named x.
 */
export function userShellEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|vitest|init_cwd$|node_env$)/i.test(key)) continue;
    environment[key] = value;
  }
  return { ...environment, ...extra };
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  /** The command, its stdout and its stderr, for an assertion's message. */
  output: string;
}

/** Runs a command to its end and reports how it ended; never rejects, so a test can show the output. */
export function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as { code?: number | string } | null)?.code;
      const exitCode = error === null ? 0 : typeof code === 'number' ? code : 1;
      resolve({ exitCode, stdout, output: `$ ${command} ${args.join(' ')}\n${stdout}${stderr}${error && typeof code !== 'number' ? `\n${error.message}` : ''}` });
    });
  });
}
