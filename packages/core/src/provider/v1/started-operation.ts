import type { JsonValue } from './json-value.js';
import type { ModelWarning } from './model-warning.js';

/**
 * What `doStart` (and `doFind`) returns: a handle on work the provider accepted, which survives a
 * restart of the process.
 */
export interface StartedOperation {
  /**
   * Whatever `doStatus` and `doCancel` need to find the work again, e.g. `{ requestId }`. Opaque to
   * core: the job store keeps it as JSON, so a killed run polls it again on resume instead of
   * paying twice, and a fresh instance of the model must be able to poll it (the conformance suite
   * polls with a new model). Never put a secret in it: a store is a plain file; resolve the API key
   * again when polling.
   */
  operation: JsonValue;
  /**
   * Settings the submission could not honour. Default: none. Core's video stage shows them with the
   * result's own warnings; the image and speech stages show only the result's, so those models
   * should put their warnings on the result.
   */
  warnings?: ModelWarning[];
}
