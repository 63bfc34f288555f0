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

/** zoompan expressions (zoom, x, y) for a motion over `frames` output frames. */
export function zoompanExpressions(motion: Motion, frames: number): { z: string; x: string; y: string } {
  const progress = `(on/${Math.max(1, frames - 1)})`;
  const centreX = '(iw-iw/zoom)/2';
  const centreY = '(ih-ih/zoom)/2';
  switch (motion.type) {
    case 'static':
      return { z: '1', x: '0', y: '0' };
    case 'zoom': {
      const extra = (motion.amount - 1).toFixed(4);
      const z = motion.direction === 'in' ? `1+${extra}*${progress}` : `${motion.amount.toFixed(4)}-${extra}*${progress}`;
      return { z, x: centreX, y: centreY };
    }
    case 'pan': {
      const z = motion.amount.toFixed(4);
      if (motion.direction === 'left') return { z, x: `(iw-iw/zoom)*(1-${progress})`, y: centreY };
      if (motion.direction === 'right') return { z, x: `(iw-iw/zoom)*${progress}`, y: centreY };
      if (motion.direction === 'up') return { z, x: centreX, y: `(ih-ih/zoom)*(1-${progress})` };
      return { z, x: centreX, y: `(ih-ih/zoom)*${progress}` };
    }
  }
}

/** ffmpeg arguments that render the clip to `output`. */
export function clipArguments(operation: ClipOperation, framePaths: string[], output: string): string[] {
  const { width, height, fps, durationSeconds } = operation;
  const frames = Math.max(1, Math.round(durationSeconds * fps));
  const { z, x, y } = zoompanExpressions(operation.motion, frames);
  const inputs = framePaths.flatMap((path) => ['-i', path]);
  const prepare = (index: number) =>
    `[${index}:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,` +
    `scale=${width * 2}:${height * 2},zoompan=z='${z}':x='${x}':y='${y}':d=${frames}:s=${width}x${height}:fps=${fps},setsar=1`;
  let graph: string;
  if (framePaths.length >= 2) {
    const start = (durationSeconds * 0.25).toFixed(3);
    const length = (durationSeconds * 0.5).toFixed(3);
    graph =
      `${prepare(0)}[first];${prepare(1)},format=yuva420p,fade=t=in:st=${start}:d=${length}:alpha=1[last];` +
      `[first][last]overlay=shortest=1:format=yuv420,format=yuv420p[video]`;
  } else {
    graph = `${prepare(0)},format=yuv420p[video]`;
  }
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    ...inputs,
    '-filter_complex', graph,
    '-map', '[video]',
    '-frames:v', String(frames),
    '-r', String(fps),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-threads', '2',
    '-an', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-movflags', '+faststart',
    '-f', 'mp4', output,
  ];
}
