import type { Command } from 'commander';
import { type CliSetup, type CliSetupOptions, setUpCli } from './cli-setup.js';
import type { CliIo } from './io.js';
import type { Style } from './progress/style.js';

/** The flags every movie command shares (see `command-options.ts`). */
export interface SharedFlags {
  out?: string;
  config?: string;
  json?: boolean;
  /** `--store URL` on the commands that take it (`storeOptions()`). */
  store?: string;
  /** `--storage URL` on the commands that take it (`storeOptions()`). */
  storage?: string;
}

/** What every command is given: where to write, how to style it, and how to say how it ended. */
export interface CommandContext {
  io: CliIo;
  style: Style;
  /** Writes to stdout. */
  print(text: string): void;
  /** The code `cinema` exits with once the command returns. Default: 0; an error thrown maps to its category's code. */
  setExitCode(code: number): void;
  /**
   * Loads the config for `command` and the flags, runs `work` with it, and closes the job store
   * afterwards whether `work` succeeds or throws.
   */
  withSetup<T>(command: string, flags: SharedFlags, options: Pick<CliSetupOptions, 'baseDirAccess' | 'budgetUsd' | 'review'>, work: (setup: CliSetup) => Promise<T>): Promise<T>;
}

/** One command's file exports one of these; `runCli` calls each once. */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

export function createCommandContext(io: CliIo, style: Style): CommandContext & { readonly exitCode: number } {
  let exitCode = 0;
  return {
    io,
    style,
    get exitCode() {
      return exitCode;
    },
    print: (text) => void io.stdout.write(text),
    setExitCode: (code) => void (exitCode = code),
    async withSetup(command, flags, options, work) {
      const setup = await setUpCli({ configPath: flags.config, out: flags.out, cwd: io.cwd, command, store: flags.store, storage: flags.storage, ...options });
      try {
        return await work(setup);
      } finally {
        await setup.maker.close();
      }
    },
  };
}
