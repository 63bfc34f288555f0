import type { JobOutput } from '../../job-store/v1/job-output.js';
import type { JsonValue } from '../../provider/v1/json-value.js';
import type { AssetExpectation } from '../../quality/v1/asset-expectation.js';

/** What a stage's `run` returns for a finished job; the orchestrator records it with `complete`. */
export interface JobOutcome {
  /**
   * Files the job wrote, from `JobContext.writeAsset`: the store keeps their checksums and sizes,
   * and a resume refuses to go on when one is gone. Empty for a job that writes no file.
   */
  outputs: JobOutput[];
  /**
   * A small JSON result kept in the store, readable by later jobs (`dependency(key).result`) and
   * plans (`PlanContext.results`), e.g. a clip's mode and length. Default: none.
   */
  result?: JsonValue;
  /** What the job's provider calls cost, in US dollars: the sum of their `costUsd`. */
  costUsd: number;
  /**
   * Plan every stage again after this job (set by jobs that change the screenplay). Default: false.
   */
  replan?: boolean;
  /**
   * What the stage asked of the files it wrote (size, length, movement), for the configured checker
   * (`AssetCheckerV1`) to hold them to before the job counts as done. Default: nothing checked.
   */
  expect?: AssetExpectation[];
}
