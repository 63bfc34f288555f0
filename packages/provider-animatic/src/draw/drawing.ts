import type { SKRSContext2D } from '@napi-rs/canvas';

/** A text box that belongs to a point of the picture, such as a character's name under their feet. */
export interface PictureLabel {
  /** The box the label paints into, in picture pixels (fractional). */
  box: { left: number; top: number; width: number; height: number };
  paint(context: SKRSContext2D): void;
}

/**
 * A storyboard drawing in layers, so a clip can move the camera over the picture and keep the text
 * still. Painted in order (picture, labels, shade, text) on one canvas, it is the PNG the user sees.
 */
export interface Drawing {
  width: number;
  height: number;
  /** Everything the camera moves over: the set, or the sheet's background, and the figures. */
  paintPicture(context: SKRSContext2D): void;
  /** Name labels of figures: they follow their figure but stay whole and above the caption band. */
  labels: PictureLabel[];
  /** A colour laid over the picture and its labels above the caption band (the dimmed transition frame). */
  shade?: string;
  /** The text that stays put: the slate and the caption band. */
  paintText(context: SKRSContext2D): void;
  /** Top edge of the caption band, in pixels. */
  captionTop: number;
}
