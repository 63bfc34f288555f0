import type { JsonValue } from '../../provider/v1/json-value.js';
import type { JobArtifact } from './job-artifact.js';

/**
 * A job as a stage plans it (`StageV1.plan`), before anything runs: what the store must remember to
 * run it, in this process or after a crash in another. `enqueue` creates a job from it the first
 * time its key is seen; afterwards only `input`, `inputHash` and `estimatedCostUsd` can change (see
 * `JobStoreV1.enqueue`).
 */
export interface JobSpec {
  /**
   * The job's identity within the movie, stable across runs and derived from what the job makes,
   * e.g. `keyframe:scene_1:shot_1:first_frame`; what `cinema retry --job` names. Planning the same
   * key again is the same job.
   */
  key: string;
  /**
   * The name of the stage whose `run` runs the job. A job whose stage is not in the pipeline fails
   * with a config error when claimed.
   */
  stage: string;
  /**
   * The queue the job waits in: concurrency (`limits.{lane}.concurrency`, 4 by default, across
   * every process on the movie) and request rate (`limits.{lane}.requestsPerMinute`, per process)
   * apply per lane. Core's stages use the model's `provider` (`fal`); the edit uses
   * `postprod:{name}`.
   */
  lane: string;
  /**
   * Everything `run` needs to do the job, read back as `job.input`: prompts, ids, the keys of the
   * jobs whose files it uses. Kept in the store, so it must be JSON.
   */
  input: JsonValue;
  /**
   * A hash of `input` (core's stages use `hashJson`). When a re-plan gives an existing key a new
   * hash, the store takes the new input if the job is still `pending` with no saved operation;
   * otherwise the job keeps the input it was made from.
   */
  inputHash: string;
  /**
   * Keys of the jobs that must complete before this one can be claimed; `run` reads them with
   * `JobContext.dependency`. A key that never completes (no stage plans it, or its job fails or is
   * cancelled) leaves this job pending, and the run ends `failed`. Fixed when the job is created.
   */
  dependsOn: string[];
  /**
   * Claim order among ready jobs: lower first, then the earlier `runAt`, then the key. Core's
   * stages use -100 for the screenplay, -50 for character sheets, the scene's index for keyframes,
   * clips and lines (so scene 1 finishes first) and 1,000,000 for the edit. Default: 0.
   */
  priority?: number;
  /**
   * Attempts the job may take before it fails for good. Every claim counts one; a rate-limited
   * attempt is given back, and so is one stopped cleanly (Ctrl-C) or by a crash while the provider
   * held the work. Default: the run's `retry.maxAttempts`, 3 unless configured.
   */
  maxAttempts?: number;
  /**
   * Dollars the job is expected to cost, from its model's `estimateCost`: reserved against the
   * budget while the job runs, summed by `cinema estimate` and in the summary's
   * `remainingEstimateUsd`. Default: 0.
   */
  estimatedCostUsd?: number;
  /**
   * The scene the job belongs to, for listings and per-scene progress. Default: none (null on the
   * job).
   */
  sceneId?: string;
  /** The character the job draws or voices, for listings. Default: none (null on the job). */
  characterId?: string;
  /**
   * What the job makes, so later stages find it by what it is (see `JobArtifact`) through
   * `PlanContext.producerOf`. Used while planning only; not kept by the store. Default: nothing
   * other stages look for.
   */
  produces?: JobArtifact;
  /**
   * Created waiting for approval: the claim passes the job over until `approve` (the film's review
   * gate, `review.before`, holds the jobs of the stages named there). A job re-planned with other
   * inputs is held again when its spec says so: a changed still needs a new look. Default: false.
   */
  held?: boolean;
}
