import { movieLayout } from '@cinema/core';
import type { Job, JobOutput, JobSummary, MovieRecord } from '@cinema/core';
import type { MovieRunState } from './movie-runs.js';

/** Where the API serves a file of a movie's folder. */
export function fileUrl(movieId: string, path: string): string {
  return `/api/movies/${encodeURIComponent(movieId)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function fileView(movieId: string, output: JobOutput) {
  return { path: output.path, bytes: output.bytes, url: fileUrl(movieId, output.path) };
}

/** A job as the API shows it: where it stands, its files (with their URLs), its takes and its last error. */
export function jobView(job: Job) {
  const lastError = job.errors.at(-1);
  return {
    key: job.key,
    stage: job.stage,
    status: job.status,
    held: job.held,
    sceneId: job.sceneId,
    characterId: job.characterId,
    dependsOn: job.dependsOn,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    costUsd: job.costUsd,
    estimatedCostUsd: job.estimatedCostUsd,
    outputs: job.outputs.map((output) => fileView(job.movieId, output)),
    take: job.take,
    takes: job.takes.map((take) => ({
      take: take.take,
      costUsd: take.costUsd,
      completedAt: take.completedAt,
      outputs: take.outputs.map((output) => fileView(job.movieId, { ...output, path: movieLayout.takeFile(job.key, take.take, output.path) })),
    })),
    error: lastError ? { attempt: lastError.attempt, message: lastError.message, category: lastError.category, at: lastError.at } : null,
    errorCount: job.errors.length,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    completedAt: job.completedAt,
  };
}

/** What a movie view is made from, read in this order: news after `eventSeq` is in the event stream. */
export interface MovieFacts {
  movie: MovieRecord;
  eventSeq: number;
  summary: JobSummary;
  run: MovieRunState;
  /** Whether the finished film is in the movie's folder. */
  filmExists: boolean;
}

/**
 * A movie as the API shows it: its progress per stage, money spent against the estimate, the film
 * once it exists, and `eventSeq`, where to follow its event stream from.
 */
export function movieView({ movie, eventSeq, summary, run, filmExists }: MovieFacts) {
  const input = movie.input as { scriptName?: unknown } | null;
  const saved = (movie.state as { status?: unknown } | null)?.status;
  const running = run.running || summary.inProgress + summary.waiting > 0;
  const status = filmExists && !running ? 'completed' : running ? 'running' : typeof saved === 'string' ? saved : 'not_started';
  const id = encodeURIComponent(movie.id);
  return {
    id: movie.id,
    scriptName: typeof input?.scriptName === 'string' ? input.scriptName : null,
    createdAt: movie.createdAt,
    updatedAt: movie.updatedAt,
    status,
    progress: summary.total === 0 ? 0 : Math.round((summary.completed / summary.total) * 1000) / 10,
    total: summary.total,
    completed: summary.completed,
    failed: summary.failed,
    costUsd: summary.costUsd,
    estimatedCostUsd: summary.costUsd + summary.remainingEstimateUsd,
    stages: Object.fromEntries(
      Object.entries(summary.stages).map(([name, stage]) => [
        name,
        { total: stage.total, pending: stage.pending, running: stage.inProgress + stage.waiting, completed: stage.completed, failed: stage.failed, cancelled: stage.cancelled, costUsd: stage.costUsd },
      ]),
    ),
    film: filmExists ? { url: fileUrl(movie.id, movieLayout.finalVideo(movie.id)), subtitlesUrl: `/api/movies/${id}/subtitles.vtt` } : null,
    run,
    eventSeq,
  };
}
