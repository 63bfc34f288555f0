/**
 * Progress of a render, reported through `render`'s `onEvent`; core shows each as the edit job's
 * `job:progress` event.
 */
export type PostProductionEvent =
  /** A step began: `step` names it, `index` counts the steps from 0, out of `total`. */
  | { type: 'step'; step: string; index: number; total: number }
  /** How far a long step is, as `percent` from 0 to 100. */
  | { type: 'progress'; step: string; percent: number };
