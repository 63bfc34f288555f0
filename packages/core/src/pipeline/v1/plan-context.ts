import type { JobArtifact } from '../../job-store/v1/job-artifact.js';
import type { JobSpec } from '../../job-store/v1/job-spec.js';
import type { JsonValue } from '../../provider/v1/json-value.js';
import type { Screenplay } from '../../screenplay/screenplay-schema.js';
import type { MovieInput } from './movie-input.js';
import type { MovieSettings } from './movie-settings.js';

/**
 * What a stage plans from. Stages plan in pipeline order, every time something new is known (when a
 * run starts, and after a job that asks for a re-plan), and a plan is repeated until no job
 * changes, so a stage may find the jobs of a stage that comes after it.
 */
export interface PlanContext {
  /** The movie being planned; `estimate` for `cinema estimate`. */
  movieId: string;
  /** What the movie is made from: the script and its file name. */
  input: MovieInput;
  /** The film's settings, with the defaults filled in. */
  settings: MovieSettings;
  /**
   * The screenplay once a job declaring `{ kind: 'screenplay' }` has made it (or the draft that
   * `cinema estimate` plans from); undefined before. Most stages plan nothing without it.
   */
  screenplay: Screenplay | undefined;
  /** Results of completed jobs, by key, as this run knows them. */
  results: ReadonlyMap<string, JsonValue>;
  /** Jobs planned so far in this pass, earlier stages first, by key. */
  planned: ReadonlyMap<string, JobSpec>;
  /**
   * The key of the job that declares it makes `artifact` (its `JobSpec.produces`): planned so far
   * in this pass, or in the pass before, which finds the jobs of later stages. Undefined when no
   * job does. How a stage finds another stage's jobs without knowing its name or key scheme.
   */
  producerOf(artifact: JobArtifact): string | undefined;
}
