import type { Job, JobSpec, JsonValue } from '@cinema/core';
import type { Insertable, Selectable } from 'kysely';
import { fromMicros, toMicros } from './micros.js';
import type { JobsTable } from './schema.js';

/** A row of `jobs` as pg returns it. */
export type JobRow = Selectable<JobsTable>;

/** What a job's spec says, as columns, with the spec's defaults filled in: for a new job and a re-planned one. */
export function specColumns(spec: JobSpec) {
  return {
    stage: spec.stage,
    lane: spec.lane,
    input: JSON.stringify(spec.input),
    input_hash: spec.inputHash,
    depends_on: spec.dependsOn,
    priority: spec.priority ?? 0,
    max_attempts: spec.maxAttempts ?? 3,
    estimated_cost_micros: toMicros(spec.estimatedCostUsd ?? 0),
    held: spec.held ?? false,
    scene_id: spec.sceneId ?? null,
    character_id: spec.characterId ?? null,
  } satisfies Partial<Insertable<JobsTable>>;
}

/**
 * The row of a job that was just planned: pending, never claimed. Its times are set by the caller,
 * on the store's clock.
 */
export function newJobRow(movieId: string, spec: JobSpec): Omit<Insertable<JobsTable>, 'run_at' | 'created_at' | 'updated_at'> {
  return {
    movie_id: movieId,
    key: spec.key,
    ...specColumns(spec),
    status: 'pending',
    attempts: 0,
    pending_dependencies: spec.dependsOn.length,
    lease_token: 0,
    outputs: '[]',
    take: 0,
    takes: '[]',
    errors: '[]',
    cost_micros: 0,
  };
}

function numberOrNull(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

export function toJob(row: JobRow): Job {
  return {
    key: row.key,
    movieId: row.movie_id,
    stage: row.stage,
    lane: row.lane,
    input: row.input as JsonValue,
    inputHash: row.input_hash,
    dependsOn: row.depends_on,
    priority: row.priority,
    maxAttempts: row.max_attempts,
    estimatedCostUsd: fromMicros(row.estimated_cost_micros),
    held: row.held,
    sceneId: row.scene_id,
    characterId: row.character_id,
    status: row.status,
    attempts: row.attempts,
    pendingDependencies: row.pending_dependencies,
    runAt: Number(row.run_at),
    leaseOwner: row.lease_owner,
    leaseToken: Number(row.lease_token),
    leaseExpiresAt: numberOrNull(row.lease_expires_at),
    submitKey: row.submit_key,
    operation: (row.operation ?? null) as JsonValue | null,
    outputs: row.outputs as Job['outputs'],
    take: row.take,
    takes: row.takes as Job['takes'],
    result: (row.result ?? null) as JsonValue | null,
    errors: row.errors as Job['errors'],
    costUsd: fromMicros(row.cost_micros),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    firstStartedAt: numberOrNull(row.first_started_at),
    completedAt: numberOrNull(row.completed_at),
  };
}

/** Priority first, then the time it became ready, then key order (byte order, as `collate "C"`). */
export function claimOrder(a: Job, b: Job): number {
  return a.priority - b.priority || a.runAt - b.runAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
