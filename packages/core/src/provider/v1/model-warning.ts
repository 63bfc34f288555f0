/**
 * Something a model could not honour exactly and did differently instead, reported on the result
 * rather than thrown (an unsupported setting is a warning, not a crash, unless the result cannot be
 * right without it).
 *
 * Core's stages show each warning to the user as a `job:warning` event, prefixed with
 * `{provider}/{modelId}: `; the job still completes.
 */
export interface ModelWarning {
  /**
   * `unsupported-setting`: a call option was ignored or replaced (name it in `setting`); `other`:
   * anything else worth knowing, e.g. a fallback list switched to its next model.
   */
  type: 'unsupported-setting' | 'other';
  /**
   * The call option concerned, by its name in the call options (`aspectRatio`, `seed`,
   * `referenceImages`). Default: none; set it whenever `type` is `unsupported-setting`.
   */
  setting?: string;
  /**
   * What happened, for the user: say what was asked and what was done instead, e.g. `Aspect ratio
   * "2:1" is not supported; rendered 16:9 instead.`
   */
  message: string;
}
