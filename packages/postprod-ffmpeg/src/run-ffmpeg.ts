import { rm } from 'node:fs/promises';
import { devNull } from 'node:os';
import { CinemaError } from '@cinema/core';
import type { FfmpegStep } from './ffmpeg-step.js';
import { FfmpegError } from './ffmpeg-error.js';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { fluentCommand } from './fluent-command.js';

function toCommand(step: FfmpegStep, installation: FfmpegInstallation) {
  const command = fluentCommand(installation);
  for (const input of step.inputs) command.input(input.path).inputOptions(input.options);
  command.output(step.output).outputOptions(step.outputOptions);
  for (const extra of step.extraOutputs ?? []) command.output(extra.output).outputOptions(extra.options);
  return command;
}

/** The exact argv (without the binary) this package runs for a step, for running ffmpeg by hand. */
export function stepArgs(step: FfmpegStep, installation: FfmpegInstallation): string[] {
  return (toCommand(step, installation) as unknown as { _getArguments(): string[] })._getArguments();
}

/**
 * Runs one step with fluent-ffmpeg, reporting percent done from ffmpeg's `time=` progress lines and
 * handing every stderr line to `onStderr` (what `measure` steps print is their result).
 * Aborting kills ffmpeg and removes the partial output(s).
 */
export function runStep(
  step: FfmpegStep,
  installation: FfmpegInstallation,
  options: { abortSignal?: AbortSignal | undefined; onProgress?: (percent: number) => void; onStderr?: (line: string) => void },
): Promise<void> {
  const { abortSignal } = options;
  if (abortSignal?.aborted === true) return Promise.reject(cancelled(step));
  const command = toCommand(step, installation);
  const stderrTail: string[] = [];
  let lastPercent = -1;
  return new Promise<void>((resolve, reject) => {
    let aborted = false;
    const onAbort = () => {
      aborted = true;
      command.kill('SIGKILL');
    };
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    const finish = (error?: unknown) => {
      abortSignal?.removeEventListener('abort', onAbort);
      if (error == null) {
        resolve();
        return;
      }
      // A step that writes nothing names the null device as its output, which must never be removed.
      const outputs = [step.output, ...(step.extraOutputs ?? []).map((extra) => extra.output)].filter((output) => output !== devNull);
      void Promise.all(outputs.map((output) => rm(output, { force: true }))).finally(() => reject(error));
    };
    command.on('stderr', (line: string) => {
      options.onStderr?.(line);
      stderrTail.push(line);
      if (stderrTail.length > 30) stderrTail.shift();
      const match = /time=\s*(-?\d+):(\d+):(\d+(?:\.\d+)?)/.exec(line);
      if (match != null && options.onProgress != null && step.durationSeconds > 0) {
        const done = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
        const percent = Math.max(0, Math.min(100, Math.floor((done / step.durationSeconds) * 100)));
        if (percent !== lastPercent) {
          lastPercent = percent;
          options.onProgress(percent);
        }
      }
    });
    command.on('end', () => finish());
    command.on('error', (error: Error) => {
      if (aborted) {
        finish(cancelled(step));
        return;
      }
      const stderr = stderrTail.join('\n');
      finish(
        new FfmpegError({
          category: 'unknown',
          file: step.output,
          stderr,
          cause: error,
          message: `ffmpeg failed at step "${step.name}": ${lastLines(stderr)}`,
        }),
      );
    });
    command.run();
  });
}

function cancelled(step: FfmpegStep): CinemaError {
  return new CinemaError({ message: `Post-production was cancelled during "${step.name}".`, category: 'cancelled' });
}

function lastLines(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !/^\s*(frame|size)=/.test(line));
  return lines.slice(-4).join(' | ') || 'no output';
}
