/** One check of one file: its name (`black frames`), whether it passed, and what was found. */
export interface AssetCheck {
  /** Stable and readable: `decodes`, `size`, `blank`, `duration`, `black frames`, `frozen`, `silent`, `clipped`, `length`. */
  name: string;
  passed: boolean;
  /** What was measured, in words a user can act on (`black from 0.0 s to 1.4 s`). */
  detail: string;
}
