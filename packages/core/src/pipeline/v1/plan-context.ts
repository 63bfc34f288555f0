import type { JobArtifact } from '../../job-store/v1/job-artifact.js';
import type { JobSpec } from '../../job-store/v1/job.js';
import type { JsonValue } from '../../provider/v1/shared.js';
import type { Screenplay } from '../../screenplay/screenplay-schema.js';
import type { MovieInput } from './movie-input.js';
import type { MovieSettings } from './movie-settings.js';

/** What a stage plans from. Stages plan in pipeline order, every time something new is known. */
export interface PlanContext {
  movieId: string;
  input: MovieInput;
  settings: MovieSettings;
  /** The screenplay once a job declaring `{ kind: 'screenplay' }` has made it; undefined before. */
  screenplay: Screenplay | undefined;
  /** Results of completed jobs, by key. */
  results: ReadonlyMap<string, JsonValue>;
  /** Jobs planned so far in this pass, earlier stages first, by key. */
  planned: ReadonlyMap<string, JobSpec>;
  /**
   * The key of the job planned so far in this pass that declares it makes `artifact` (its
   * `JobSpec.produces`), or undefined. How a stage finds another stage's jobs without knowing its
   * name or key scheme.
   */
  producerOf(artifact: JobArtifact): string | undefined;
}
