/**
 * What a stage asked of a file it wrote, so a checker can tell a good take from a quiet failure (a
 * black or frozen clip, a silent line, a picture of the wrong size). `path` is relative to the
 * movie's folder, as in the job's outputs.
 */
export type AssetExpectation =
  | {
      kind: 'image';
      path: string;
      /**
       * The shape asked for, e.g. `16:9`: a picture more than 3% off it is the wrong size. Models
       * choose their own pixel sizes, so the shape is what a film can hold them to. Default: any.
       */
      aspectRatio?: string;
    }
  | {
      kind: 'video';
      path: string;
      /** The length asked for, in seconds. */
      durationSeconds: number;
      /** Whether the shot asked for camera or subject movement (a pan, a push-in, first to last frame). */
      moves: boolean;
    }
  | {
      kind: 'audio';
      path: string;
      /** The words spoken, for judging whether the length fits them. */
      text: string;
    };
