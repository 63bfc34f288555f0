/** Where a command reads and writes; the real process, or a test's buffers. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  /** Aborted on Ctrl-C: the run stops cleanly and says how to resume. */
  abortSignal?: AbortSignal;
}
