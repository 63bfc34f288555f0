import type { JobSummary } from '../job-store/v1/index.js';
import type { RunStatus } from '../orchestrator/events.js';
import type { Screenplay } from '../screenplay/screenplay-schema.js';

/** What a run knows about its movie; saved in the job store after every run. */
export interface PipelineState {
  version: 1;
  movieId: string;
  status: RunStatus;
  screenplay: Screenplay | null;
  /** Files made so far, per stage, relative to the movie's directory. */
  assets: Record<string, string[]>;
  jobs: JobSummary;
  /** Per stage: whether every job of the stage is completed. */
  stages: Record<string, { completed: boolean; done: number; total: number }>;
  /** Relative path of the finished film, once it exists. */
  finalVideo: string | null;
  costUsd: number;
  updatedAt: number;
}
