import type { FfprobeData } from 'fluent-ffmpeg';
import type { FfmpegInstallation } from './find-ffmpeg.js';
import { fluentCommand } from './fluent-command.js';

/** What ffprobe says about a media file. */
export interface MediaInfo {
  /** Container duration in seconds, or the longest stream's when the container has none. */
  durationSeconds: number;
  video:
    | {
        codec: string;
        width: number;
        height: number;
        frames: number | undefined;
        /** Frames per second as the stream declares it (`r_frame_rate`), when it does. */
        fps?: number | undefined;
        /** e.g. `yuv420p`, when ffprobe says. */
        pixelFormat?: string | undefined;
        /** e.g. `1:1`, when the stream has one. */
        sampleAspectRatio?: string | undefined;
      }
    | undefined;
  audio: { codec: string; sampleRate: number; channels: number } | undefined;
}

/** Runs ffprobe on a file (through fluent-ffmpeg). Rejects with ffprobe's own error when it cannot read it. */
export function probeMedia(file: string, installation: Pick<FfmpegInstallation, 'ffprobePath'> & Partial<Pick<FfmpegInstallation, 'ffmpegPath'>>): Promise<MediaInfo> {
  return new Promise((resolve, reject) => {
    fluentCommand({ ffmpegPath: 'ffmpeg', ...installation }, file).ffprobe((error: Error | null, data: FfprobeData) => {
        if (error != null) {
          reject(error);
          return;
        }
        const video = data.streams.find((stream) => stream.codec_type === 'video');
        const audio = data.streams.find((stream) => stream.codec_type === 'audio');
        const number = (value: unknown) => {
          const parsed = Number(value);
          return Number.isFinite(parsed) ? parsed : undefined;
        };
        const streamDurations = data.streams.map((stream) => number(stream.duration) ?? 0);
        resolve({
          durationSeconds: number(data.format.duration) ?? Math.max(0, ...streamDurations),
          video:
            video == null
              ? undefined
              : {
                  codec: String(video.codec_name),
                  width: Number(video.width),
                  height: Number(video.height),
                  frames: number(video.nb_frames),
                  fps: rate(video.r_frame_rate),
                  pixelFormat: video.pix_fmt == null ? undefined : String(video.pix_fmt),
                  sampleAspectRatio: video.sample_aspect_ratio == null ? undefined : String(video.sample_aspect_ratio),
                },
          audio:
            audio == null
              ? undefined
              : { codec: String(audio.codec_name), sampleRate: Number(audio.sample_rate), channels: Number(audio.channels) },
        });
      });
  });
}

/** `24/1` or `30000/1001` as a number; undefined for `0/0` or nothing. */
function rate(value: unknown): number | undefined {
  const [numerator, denominator] = String(value ?? '').split('/').map(Number);
  return numerator != null && denominator != null && numerator > 0 && denominator > 0 ? numerator / denominator : undefined;
}
