import type { ModelCallBase } from './model-call-base.js';
import type { ShotContext } from './shot-context.js';

/** What a speech model is asked to say: one line of dialogue. */
export interface SpeechModelV1CallOptions extends ModelCallBase {
  /** The line, as the screenplay gives it. */
  text: string;
  /**
   * The voice to speak in: the speaking character's `voice` from the screenplay, a name the model
   * knows or a description of the voice. Default: the model's own voice. A voice the model does not
   * know is refused with a CinemaError, or replaced with a warning saying so.
   */
  voice?: string;
  /**
   * How to say it: the line's parenthetical, e.g. `whispering`. Default: none. A model that takes
   * no instructions ignores them and says so in a warning.
   */
  instructions?: string;
  /**
   * The request in structured form, for models that speak from it (see `ShotContext`). Default:
   * none.
   */
  context?: ShotContext;
}
