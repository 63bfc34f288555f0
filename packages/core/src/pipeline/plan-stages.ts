import { CinemaError } from '../errors/index.js';
import type { JobArtifact, JobSpec } from '../job-store/v1/index.js';
import { stableStringify } from '../util/hash.js';
import type { PlanContext, Stage } from './v1/index.js';

/** Identity of an artifact: its fields in a stable order, so `{ shotId, sceneId }` matches `{ sceneId, shotId }`. */
export function artifactId(artifact: JobArtifact): string {
  return stableStringify(artifact);
}

/** Passes before planning gives up on settling: each pass can only add what a later stage declared. */
const maxPasses = 4;

/**
 * Plans every stage: each sees the jobs planned before it in this pass (`planned`) and finds any
 * stage's jobs by what they make (`producerOf`), including stages that come later in the pipeline
 * (a user's stage added after the edit): planning repeats until no job changes. Returns the specs
 * by key, in pipeline order.
 */
export function planStages(stages: readonly Stage[], context: Omit<PlanContext, 'planned' | 'producerOf'>): Map<string, JobSpec> {
  let earlier = new Map<string, string>();
  let previous: string | undefined;
  for (let pass = 1; ; pass++) {
    const { planned, producers } = planOnce(stages, context, earlier);
    const fingerprint = stableStringify([...planned.values()].map((spec) => [spec.key, spec.inputHash, spec.dependsOn]));
    if (fingerprint === previous || pass === maxPasses) return planned;
    previous = fingerprint;
    earlier = producers;
  }
}

function planOnce(stages: readonly Stage[], context: Omit<PlanContext, 'planned' | 'producerOf'>, earlier: ReadonlyMap<string, string>) {
  const planned = new Map<string, JobSpec>();
  const producers = new Map<string, string>();
  const planContext: PlanContext = {
    ...context,
    planned,
    producerOf: (artifact) => {
      const id = artifactId(artifact);
      return producers.get(id) ?? earlier.get(id);
    },
  };
  for (const stage of stages) {
    for (const spec of stage.plan(planContext)) {
      planned.set(spec.key, spec);
      if (!spec.produces) continue;
      const id = artifactId(spec.produces);
      const other = producers.get(id);
      if (other !== undefined && other !== spec.key) {
        throw new CinemaError({
          message: `jobs ${other} and ${spec.key} (stage ${spec.stage}) both declare they make ${id}: one artifact needs one job. Remove one of the stages, or replace it with \`pipeline.without(name)\`.`,
          category: 'config',
        });
      }
      producers.set(id, spec.key);
    }
  }
  return { planned, producers };
}
