import type { Job, JobSpec, JobTake, JsonValue } from '@cinema/core';
import type { Selectable } from 'kysely';
import { fromMicros, toMicros } from './micros.js';
import type { JobsTable, StoredTake } from './schema.js';

/** A row of `jobs` as SQLite returns it. */
export type JobRow = Selectable<JobsTable>;

/** The columns a spec decides, with its defaults filled in: what a new job gets and a re-planned one takes. */
export function plannedColumns(spec: JobSpec) {
  return {
    stage: spec.stage,
    lane: spec.lane,
    input: JSON.stringify(spec.input),
    input_hash: spec.inputHash,
    depends_on: JSON.stringify(spec.dependsOn),
    priority: spec.priority ?? 0,
    max_attempts: spec.maxAttempts ?? 3,
    estimated_cost_micros: toMicros(spec.estimatedCostUsd ?? 0),
    held: spec.held ? 1 : 0,
    scene_id: spec.sceneId ?? null,
    character_id: spec.characterId ?? null,
  } satisfies Partial<JobRow>;
}

/** The row of a job that was just planned: pending, never claimed, with the spec's defaults filled in. */
export function newJobRow(movieId: string, spec: JobSpec, now: number): JobRow {
  return {
    movie_id: movieId,
    key: spec.key,
    ...plannedColumns(spec),
    status: 'pending',
    attempts: 0,
    pending_dependencies: spec.dependsOn.length,
    run_at: now,
    lease_owner: null,
    lease_token: 0,
    lease_expires_at: null,
    submit_key: null,
    operation: null,
    outputs: '[]',
    take: 0,
    takes: '[]',
    result: null,
    errors: '[]',
    cost_micros: 0,
    created_at: now,
    updated_at: now,
    first_started_at: null,
    completed_at: null,
  };
}

/** A JSON value for a nullable column: null and a missing value are both stored as SQL NULL. */
export function nullableJson(value: JsonValue | null | undefined): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The takes a row keeps, ordered by take number. */
export function readTakes(row: Pick<JobRow, 'takes'>): StoredTake[] {
  return JSON.parse(row.takes) as StoredTake[];
}

export function toJobTake(take: StoredTake): JobTake {
  return { take: take.take, outputs: take.outputs, result: take.result, costUsd: fromMicros(take.costMicros), inputHash: take.inputHash, completedAt: take.completedAt };
}

export function toJob(row: JobRow): Job {
  return {
    key: row.key,
    movieId: row.movie_id,
    stage: row.stage,
    lane: row.lane,
    input: JSON.parse(row.input) as JsonValue,
    inputHash: row.input_hash,
    dependsOn: JSON.parse(row.depends_on) as string[],
    priority: row.priority,
    maxAttempts: row.max_attempts,
    estimatedCostUsd: fromMicros(row.estimated_cost_micros),
    held: row.held !== 0,
    sceneId: row.scene_id,
    characterId: row.character_id,
    status: row.status,
    attempts: row.attempts,
    pendingDependencies: row.pending_dependencies,
    runAt: row.run_at,
    leaseOwner: row.lease_owner,
    leaseToken: row.lease_token,
    leaseExpiresAt: row.lease_expires_at,
    submitKey: row.submit_key,
    operation: row.operation === null ? null : (JSON.parse(row.operation) as JsonValue),
    outputs: JSON.parse(row.outputs) as Job['outputs'],
    take: row.take,
    takes: readTakes(row).map(toJobTake),
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    errors: JSON.parse(row.errors) as Job['errors'],
    costUsd: fromMicros(row.cost_micros),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    firstStartedAt: row.first_started_at,
    completedAt: row.completed_at,
  };
}
