/** Where a command reads and writes; the real process, or a test's buffers. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  /**
   * Where a question's answer is read from. A question is asked only when this is a terminal
   * (`isTTY`); default: none, so a command that would ask stops and names the flag that says yes.
   */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Aborted on Ctrl-C: the run stops cleanly and says how to resume. */
  abortSignal?: AbortSignal;
}
