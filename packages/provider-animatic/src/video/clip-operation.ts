import type { ShotContext, VideoMode } from '@cinema/core';

/** How the camera moves over a still. `amount` is the zoom factor the move uses (1.15 = 15 %). */
export type Motion =
  | { type: 'static' }
  | { type: 'zoom'; direction: 'in' | 'out'; amount: number }
  | { type: 'pan'; direction: 'left' | 'right' | 'up' | 'down'; amount: number };

/** Everything `doStatus` needs to render a clip, kept by the job store between start and status. */
export interface ClipOperation {
  kind: 'animatic-clip';
  version: 1;
  mode: VideoMode;
  durationSeconds: number;
  width: number;
  height: number;
  fps: number;
  motion: Motion;
  /** One still (text-to-video, image-to-video) or two (first-last-frame), as cached PNG files. */
  frames: { path: string; sourcePath?: string }[];
  /** For text-to-video: what to draw again if the cached frame is gone. */
  draw?: { prompt: string; context?: ShotContext };
  outputPath: string;
}

/**
 * Reads the camera direction: "push-in"/"zoom in"/"dolly in" zoom in, "pull-out"/"zoom out" zoom
 * out, "pan left/right" and "tilt up/down" pan, "static"/"locked" hold still. Anything else gets a
 * gentle push-in, so no clip is a frozen frame unless asked.
 */
export function motionFor(camera: string | undefined): Motion {
  const text = (camera ?? '').toLowerCase();
  if (/\b(push[- ]?in|zoom[- ]?in|dolly[- ]?in|move[s]? in|creep[s]? in)\b/.test(text)) return { type: 'zoom', direction: 'in', amount: 1.15 };
  if (/\b(pull[- ]?(out|back)|zoom[- ]?out|dolly[- ]?(out|back)|pulls? away)\b/.test(text)) return { type: 'zoom', direction: 'out', amount: 1.15 };
  if (/\bpan(s|ning)?\s+(to\s+the\s+)?left\b/.test(text)) return { type: 'pan', direction: 'left', amount: 1.15 };
  if (/\bpan(s|ning)?\s+(to\s+the\s+)?right\b/.test(text)) return { type: 'pan', direction: 'right', amount: 1.15 };
  if (/\btilt(s|ing)?\s+up\b/.test(text)) return { type: 'pan', direction: 'up', amount: 1.15 };
  if (/\btilt(s|ing)?\s+down\b/.test(text)) return { type: 'pan', direction: 'down', amount: 1.15 };
  if (/\b(static|locked|still|fixed)\b/.test(text)) return { type: 'static' };
  return { type: 'zoom', direction: 'in', amount: 1.08 };
}
