import type { Motion } from './clip-operation.js';

/**
 * The camera as ffmpeg expressions of `progress` (0 at the first frame, 1 at the last): the zoom,
 * and the left and top of the window it shows, as fractions of the picture. `left` and `top` are
 * written in terms of `zoom`, the name (or expression) the caller gives the zoom.
 */
export function cameraExpressions(motion: Motion, progress: string, zoom: string): { zoom: string; left: string; top: string } {
  const spare = `(1-1/${zoom})`;
  const centre = `${spare}/2`;
  switch (motion.type) {
    case 'static':
      return { zoom: '1', left: '0', top: '0' };
    case 'zoom': {
      const extra = (motion.amount - 1).toFixed(4);
      const value = motion.direction === 'in' ? `1+${extra}*${progress}` : `${motion.amount.toFixed(4)}-${extra}*${progress}`;
      return { zoom: value, left: centre, top: centre };
    }
    case 'pan': {
      const value = motion.amount.toFixed(4);
      if (motion.direction === 'left') return { zoom: value, left: `${spare}*(1-${progress})`, top: centre };
      if (motion.direction === 'right') return { zoom: value, left: `${spare}*${progress}`, top: centre };
      if (motion.direction === 'up') return { zoom: value, left: centre, top: `${spare}*(1-${progress})` };
      return { zoom: value, left: centre, top: `${spare}*${progress}` };
    }
  }
}

/** zoompan expressions (zoom, x, y) for a motion over `frames` output frames. */
export function zoompanExpressions(motion: Motion, frames: number): { z: string; x: string; y: string } {
  const camera = cameraExpressions(motion, `(on/${Math.max(1, frames - 1)})`, 'zoom');
  return { z: camera.zoom, x: `iw*${camera.left}`, y: `ih*${camera.top}` };
}

/**
 * overlay expressions (x, y, of frame `n`) that keep a label on the point of the picture it names
 * while the camera moves, at its own size, whole inside the frame and above the caption band.
 */
export function labelPositionExpressions(
  motion: Motion,
  frames: number,
  label: { left: number; top: number; width: number; height: number },
  frame: { width: number; height: number; captionTop: number },
): { x: string; y: string } {
  const progress = `(n/${Math.max(1, frames - 1)})`;
  const zoom = `(${cameraExpressions(motion, progress, 'zoom').zoom})`;
  const camera = cameraExpressions(motion, progress, zoom);
  const centreX = label.left + label.width / 2;
  const x = `(${centreX}-${frame.width}*${camera.left})*${zoom}-${label.width / 2}`;
  const y = `(${label.top}-${frame.height}*${camera.top})*${zoom}`;
  return {
    x: `clip(${x},0,${Math.max(0, frame.width - label.width)})`,
    y: `clip(${y},0,${Math.max(0, frame.captionTop - label.height)})`,
  };
}
