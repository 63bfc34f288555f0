import type { CallCost } from './call-cost.js';
import type { GeneratedFile } from './generated-file.js';
import type { ModelWarning } from './model-warning.js';

/** The spoken line, with what the call cost. */
export interface SpeechModelV1Result extends CallCost {
  /** The audio, e.g. `audio/mpeg`; saved under `audio/` with the extension of its media type. */
  audio: GeneratedFile;
  /**
   * Length of the audio in seconds. The edit places the shot's next line after it and lengthens a
   * shot too short for its lines. Default: not known; the edit then guesses from the word count
   * (about 2.5 words a second), so report it when you can.
   */
  durationSeconds?: number;
  /** Settings the model could not honour (a voice, instructions). Default: none. */
  warnings?: ModelWarning[];
}
