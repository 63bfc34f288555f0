import type { ClipOperation } from './clip-operation.js';
import { labelPositionExpressions, zoompanExpressions } from './camera-move.js';

/** A still of a clip as files: the picture the camera moves over, and the text kept still over it. */
export interface ClipStill {
  picture: string;
  /** Set for the animatic's own drawings; other stills move as a whole, text and all. */
  text?: {
    /** A transparent PNG the size of the frame: the slate and the caption band. */
    image: string;
    /** Name labels, transparent PNGs with the box they cover in the still. */
    labels: { image: string; left: number; top: number; width: number; height: number }[];
    /** Top edge of the caption band, in pixels: labels stay above it. */
    captionTop: number;
  };
}

/**
 * ffmpeg arguments that render the clip to `output`: the camera moves over each picture, the two
 * pictures of a first-last-frame clip blend in its middle half, and each still's text is laid over
 * the moving picture unmoved (the first still's in the first half of the clip, the last's after).
 */
export function clipArguments(operation: ClipOperation, stills: ClipStill[], output: string): string[] {
  const { width, height, fps, durationSeconds, motion } = operation;
  const frames = Math.max(1, Math.round(durationSeconds * fps));
  const { z, x, y } = zoompanExpressions(motion, frames);
  const inputs = stills.map((still) => still.picture);
  const prepare = (index: number) =>
    `[${index}:v]scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,` +
    `scale=${width * 2}:${height * 2},zoompan=z='${z}':x='${x}':y='${y}':d=${frames}:s=${width}x${height}:fps=${fps},setsar=1`;
  const blend = stills.length >= 2;
  const steps: string[] = [];
  if (blend) {
    const start = (durationSeconds * 0.25).toFixed(3);
    const length = (durationSeconds * 0.5).toFixed(3);
    steps.push(`${prepare(0)}[first]`, `${prepare(1)},format=yuva420p,fade=t=in:st=${start}:d=${length}:alpha=1[last]`, '[first][last]overlay=shortest=1:format=yuv420[layer0]');
  } else {
    steps.push(`${prepare(0)}[layer0]`);
  }
  let layer = 0;
  const overlay = (image: string, position: string) => {
    inputs.push(image);
    steps.push(`[layer${layer}][${inputs.length - 1}:v]overlay=${position}[layer${layer + 1}]`);
    layer++;
  };
  const middle = Math.round(frames / 2);
  stills.slice(0, 2).forEach((still, index) => {
    if (!still.text) return;
    const enable = blend ? `:enable='${index === 0 ? `lt(n,${middle})` : `gte(n,${middle})`}'` : '';
    overlay(still.text.image, `x=0:y=0${enable}`);
    for (const label of still.text.labels) {
      const position = labelPositionExpressions(motion, frames, label, { width, height, captionTop: still.text.captionTop });
      overlay(label.image, `x='${position.x}':y='${position.y}':eval=frame${enable}`);
    }
  });
  steps.push(`[layer${layer}]format=yuv420p[video]`);
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    ...inputs.flatMap((path) => ['-i', path]),
    '-filter_complex', steps.join(';'),
    '-map', '[video]',
    '-frames:v', String(frames),
    '-r', String(fps),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-threads', '2',
    '-an', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-movflags', '+faststart',
    '-f', 'mp4', output,
  ];
}
