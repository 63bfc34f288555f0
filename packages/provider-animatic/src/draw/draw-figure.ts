import type { SKRSContext2D } from '@napi-rs/canvas';
import type { CharacterLook } from './palette.js';

export interface FigurePose {
  /** Centre of the feet. */
  x: number;
  /** Ground line the feet stand on. */
  groundY: number;
  /** Full height of an adult figure in pixels; scaled by the look's height. */
  size: number;
  view: 'front' | 'side';
  /** Side view faces right unless set. */
  facingLeft?: boolean;
}

const outline = '#1d1d1f';

/** Draws a character as composed shapes: legs, body, arms, head, hair and accessories. */
export function drawFigure(context: SKRSContext2D, look: CharacterLook, pose: FigurePose): void {
  const height = pose.size * look.height;
  const unit = height / 8;
  const { x, groundY } = pose;
  const side = pose.view === 'side';
  const direction = pose.facingLeft ? -1 : 1;
  const bodyWidth = unit * 2.1 * look.build * (side ? 0.6 : 1);
  const headRadius = unit * 0.62;
  const hipY = groundY - unit * 3.6;
  const shoulderY = groundY - unit * 6.4;
  const headY = shoulderY - headRadius * 1.15;
  context.save();
  context.lineWidth = Math.max(1.5, unit * 0.06);
  context.strokeStyle = outline;
  context.lineJoin = 'round';

  // Shadow.
  context.fillStyle = 'rgba(0, 0, 0, 0.18)';
  context.beginPath();
  context.ellipse(x, groundY, bodyWidth * 0.9, unit * 0.25, 0, 0, Math.PI * 2);
  context.fill();

  // Legs and shoes.
  const legWidth = unit * 0.55;
  const legs = side ? [x - legWidth * 0.3 * direction, x + legWidth * 0.3 * direction] : [x - bodyWidth * 0.25, x + bodyWidth * 0.25];
  for (const legX of legs) {
    shape(context, look.trousers, () => context.rect(legX - legWidth / 2, hipY - unit * 0.2, legWidth, groundY - hipY - unit * 0.15));
    shape(context, look.shoes, () => context.ellipse(legX + (side ? direction * legWidth * 0.3 : 0), groundY - unit * 0.12, legWidth * (side ? 0.8 : 0.6), unit * 0.18, 0, 0, Math.PI * 2));
  }

  // Body (a longer trapezoid for coats and dresses).
  const hemY = look.longCoat ? hipY + unit * 1.4 : hipY + unit * 0.2;
  shape(context, look.top, () => {
    context.moveTo(x - bodyWidth * 0.5, shoulderY);
    context.lineTo(x + bodyWidth * 0.5, shoulderY);
    context.lineTo(x + bodyWidth * 0.58, hemY);
    context.lineTo(x - bodyWidth * 0.58, hemY);
    context.closePath();
  });

  // Arms.
  const armWidth = unit * 0.45;
  const arms = side ? [x + direction * bodyWidth * 0.05] : [x - bodyWidth * 0.5 - armWidth * 0.45, x + bodyWidth * 0.5 + armWidth * 0.45];
  for (const armX of arms) {
    shape(context, look.top, () => context.roundRect(armX - armWidth / 2, shoulderY + unit * 0.1, armWidth, unit * 2.7, armWidth / 2));
    shape(context, look.skin, () => context.arc(armX, shoulderY + unit * 2.9, armWidth * 0.5, 0, Math.PI * 2));
  }

  if (look.scarf) {
    shape(context, look.scarf, () => context.roundRect(x - bodyWidth * 0.42, shoulderY - unit * 0.25, bodyWidth * 0.84, unit * 0.5, unit * 0.2));
  }

  // Neck and head.
  shape(context, look.skin, () => context.rect(x - unit * 0.22, shoulderY - unit * 0.45, unit * 0.44, unit * 0.5));
  if (look.hairStyle === 'long') {
    shape(context, look.hair, () => context.roundRect(x - headRadius * 1.1 - (side ? direction * headRadius * 0.3 : 0), headY - headRadius * 0.6, headRadius * 2.2, headRadius * 2.3, headRadius * 0.8));
  }
  shape(context, look.skin, () => context.arc(x, headY, headRadius, 0, Math.PI * 2));
  if (side) {
    shape(context, look.skin, () => context.arc(x + direction * headRadius * 0.95, headY + headRadius * 0.15, headRadius * 0.2, 0, Math.PI * 2));
  }

  // Hair on top.
  if (look.hairStyle !== 'bald') {
    shape(context, look.hair, () => {
      if (side) context.arc(x - direction * headRadius * 0.15, headY - headRadius * 0.1, headRadius * 1.02, Math.PI * 0.95, Math.PI * 2.05);
      else context.arc(x, headY - headRadius * 0.05, headRadius * 1.04, Math.PI * 1.0, Math.PI * 2.0);
      context.closePath();
    });
    if (look.hairStyle === 'bun') shape(context, look.hair, () => context.arc(x - (side ? direction * headRadius * 0.8 : 0), headY - headRadius * 1.1, headRadius * 0.42, 0, Math.PI * 2));
    if (look.hairStyle === 'curly') {
      for (let index = -2; index <= 2; index++) {
        shape(context, look.hair, () => context.arc(x + index * headRadius * 0.42, headY - headRadius * 0.85, headRadius * 0.32, 0, Math.PI * 2));
      }
    }
  }
  if (look.beard) {
    shape(context, look.hair, () => {
      context.arc(x + (side ? direction * headRadius * 0.3 : 0), headY + headRadius * 0.35, headRadius * 0.62, 0, Math.PI);
      context.closePath();
    });
  }

  // Face.
  context.fillStyle = outline;
  const eyes = side ? [x + direction * headRadius * 0.5] : [x - headRadius * 0.35, x + headRadius * 0.35];
  for (const eyeX of eyes) {
    context.beginPath();
    context.arc(eyeX, headY - headRadius * 0.08, Math.max(1.5, headRadius * 0.1), 0, Math.PI * 2);
    context.fill();
  }
  if (look.glasses) {
    context.beginPath();
    for (const eyeX of eyes) context.arc(eyeX, headY - headRadius * 0.08, headRadius * 0.24, 0, Math.PI * 2);
    context.stroke();
  }
  if (!look.beard) {
    context.beginPath();
    const mouthX = side ? x + direction * headRadius * 0.55 : x;
    context.arc(mouthX, headY + headRadius * 0.35, headRadius * 0.22, Math.PI * 0.15, Math.PI * 0.85);
    context.stroke();
  }
  if (look.hat) {
    shape(context, '#3b3b46', () => {
      context.rect(x - headRadius * 1.3, headY - headRadius * 0.75, headRadius * 2.6, headRadius * 0.25);
      context.rect(x - headRadius * 0.8, headY - headRadius * 1.5, headRadius * 1.6, headRadius * 0.8);
    });
  }
  context.restore();
}

function shape(context: SKRSContext2D, fill: string, path: () => void): void {
  context.beginPath();
  path();
  context.fillStyle = fill;
  context.fill();
  context.stroke();
}
