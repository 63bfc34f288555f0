import { createInterface } from 'node:readline';
import { InvalidInputError } from '@cinema/core';
import type { CliIo } from './io.js';

export interface ConfirmOptions {
  /** `--yes`: go ahead without asking. */
  yes: boolean | undefined;
  /** The question, e.g. `Make these changes?`; ` [y/N] ` is added. */
  question: string;
  /**
   * Why the command stops when it cannot ask (no terminal, no `--yes`): says that nothing was done
   * and names `--yes`, and the command that only shows, where there is one.
   */
  refusal: string;
}

/**
 * Whether to go ahead with something that spends money or changes a film: yes with `--yes`; on a
 * terminal, the user's answer (only `y` or `yes` is yes; Ctrl-C or end of input is no); with no
 * terminal, a refusal, since a script that did not say `--yes` must not spend by default.
 */
export async function confirm(io: CliIo, options: ConfirmOptions): Promise<boolean> {
  if (options.yes) return true;
  if (!io.stdin?.isTTY) throw new InvalidInputError({ message: options.refusal });
  io.stderr.write(`${options.question} [y/N] `);
  const answer = await readLine(io.stdin, io.abortSignal);
  return /^\s*y(es)?\s*$/i.test(answer ?? '');
}

function readLine(input: NodeJS.ReadableStream, abortSignal: AbortSignal | undefined): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input, terminal: false });
    let answered = false;
    const finish = (answer: string | undefined) => {
      if (answered) return;
      answered = true;
      abortSignal?.removeEventListener('abort', onAbort);
      lines.close();
      resolve(answer);
    };
    const onAbort = () => finish(undefined);
    abortSignal?.addEventListener('abort', onAbort);
    if (abortSignal?.aborted) onAbort();
    lines.once('line', (line) => finish(line));
    lines.once('close', () => finish(undefined));
  });
}
