import ffmpeg from 'fluent-ffmpeg';
import type { FfmpegInstallation } from './find-ffmpeg.js';

type PathLookup = (callback: (error: Error | null, path: string) => void) => void;

/**
 * A fluent-ffmpeg command bound to one installation's binaries. fluent-ffmpeg keeps the paths set with
 * `setFfmpegPath`/`setFfprobePath` in one module-wide cache, so two renders with different binaries in
 * one process would race; the lookups are overridden on this command instead.
 */
export function fluentCommand(installation: Pick<FfmpegInstallation, 'ffmpegPath' | 'ffprobePath'>, input?: string): ffmpeg.FfmpegCommand {
  const command = input == null ? ffmpeg({ stdoutLines: 0 }) : ffmpeg(input, { stdoutLines: 0 });
  const lookups = command as unknown as { _getFfmpegPath: PathLookup; _getFfprobePath: PathLookup };
  lookups._getFfmpegPath = (callback) => callback(null, installation.ffmpegPath);
  lookups._getFfprobePath = (callback) => callback(null, installation.ffprobePath);
  return command;
}
