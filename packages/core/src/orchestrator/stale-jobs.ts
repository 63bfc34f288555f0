import type { Job, JobSpec } from '../job-store/v1/index.js';
import { hashJson, sha256 } from '../util/hash.js';

/** What a dependency hands on: its files' checksums and its result, which later jobs are made from. */
function handedOn(job: Pick<Job, 'key' | 'outputs' | 'result'>): string {
  return `${job.key}=${job.outputs.map((output) => output.sha256).join(',')}:${hashJson(job.result)}`;
}

/**
 * The hash a job is made from: its planned input hash with what its dependencies hand on, so a job
 * whose dependency was made again (a new take, a user's file) is stale even though its own input is
 * the same. The screenplay is left out: what a job takes from it is in its own input already.
 */
export function madeFromHash(job: Pick<Job, 'inputHash' | 'dependsOn'>, dependencies: ReadonlyMap<string, Pick<Job, 'key' | 'outputs' | 'result' | 'status'>>, screenplayKey: string | undefined): string | undefined {
  const handed: string[] = [];
  for (const key of job.dependsOn) {
    if (key === screenplayKey) continue;
    const dependency = dependencies.get(key);
    if (!dependency || dependency.status !== 'completed') return undefined;
    handed.push(handedOn(dependency));
  }
  return handed.length === 0 ? job.inputHash : sha256(`${job.inputHash}\n${handed.join('\n')}`);
}

/**
 * The specs the store must hear about: new jobs, jobs whose input changed, and finished jobs that
 * are stale: made from a dependency that is being made again or whose files changed since. A
 * finished job whose inputs are all the same is left alone (and a retired one is brought back as it
 * was), so an edit pays only for what it changed.
 */
export function changedSpecs(specs: readonly JobSpec[], known: ReadonlyMap<string, Job>, screenplayKey: string | undefined): JobSpec[] {
  const remade = new Set<string>();
  const finished = (job: Job | undefined): boolean => job !== undefined && (job.status === 'completed' || (job.status === 'retired' && job.take > 0));
  const decide = new Map<string, JobSpec | null>();
  // Dependencies are decided before their dependents, whatever order the stages planned in.
  for (let pass = 0, changed = true; changed && pass <= specs.length; pass++) {
    changed = false;
    for (const spec of specs) {
      const stored = known.get(spec.key);
      let send: JobSpec | null = null;
      if (!stored) send = spec;
      else if (finished(stored)) {
        const dependencies = new Map<string, Job>();
        for (const key of spec.dependsOn) {
          const dependency = known.get(key);
          // A retired dependency planned again unchanged comes back as it was: it counts as finished.
          if (dependency && !remade.has(key)) dependencies.set(key, finished(dependency) ? { ...dependency, status: 'completed' } : dependency);
        }
        const madeFrom = madeFromHash(spec, dependencies, screenplayKey);
        if (madeFrom !== stored.inputHash) send = spec;
        else if (stored.status === 'retired') send = { ...spec, inputHash: madeFrom };
      } else if (stored.inputHash !== spec.inputHash || stored.status === 'retired') send = spec;
      if (send && finished(stored) && send.inputHash !== stored!.inputHash && !remade.has(spec.key)) {
        remade.add(spec.key);
        changed = true;
      }
      decide.set(spec.key, send);
    }
  }
  return specs.map((spec) => decide.get(spec.key)).filter((spec): spec is JobSpec => spec != null);
}


/**
 * Which of the stale specs can have an earlier take back instead of being made again (an edit
 * undone): a finished job with a take made from exactly these inputs and dependencies. Decided
 * dependencies first, on a copy of `known` where each reused job already has its take back.
 * Returns the takes to put back (key → take number) and the specs still to make.
 */
export function reusableTakes(stale: readonly JobSpec[], known: ReadonlyMap<string, Job>, screenplayKey: string | undefined): { reused: Map<string, number>; left: JobSpec[] } {
  const view = new Map(known);
  // A retired job planned again unchanged comes back as it was: it is not changing.
  const revived = (spec: JobSpec) => known.get(spec.key)?.status === 'retired' && known.get(spec.key)!.inputHash === spec.inputHash;
  const changing = new Set(stale.filter((spec) => !revived(spec)).map((spec) => spec.key));
  for (const spec of stale) if (revived(spec)) view.set(spec.key, { ...known.get(spec.key)!, status: 'completed' });
  const reused = new Map<string, number>();
  const left: JobSpec[] = [];
  for (const spec of inDependencyOrder(stale)) {
    const stored = view.get(spec.key);
    const steady = !spec.dependsOn.some((key) => changing.has(key));
    const dependencies = new Map(spec.dependsOn.map((key) => [key, view.get(key)] as const).filter((entry): entry is [string, Job] => entry[1] !== undefined));
    const madeFrom = stored?.status === 'completed' && stored.takes.length > 0 && steady ? madeFromHash(spec, dependencies, screenplayKey) : undefined;
    const take = madeFrom === undefined ? undefined : stored!.takes.find((candidate) => candidate.inputHash === madeFrom);
    if (!take) {
      left.push(spec);
      continue;
    }
    reused.set(spec.key, take.take);
    changing.delete(spec.key);
    view.set(spec.key, { ...stored!, take: take.take, outputs: take.outputs, result: take.result, inputHash: take.inputHash });
  }
  return { reused, left };
}

/** The specs with each one's dependencies (among them) before it. */
function inDependencyOrder(specs: readonly JobSpec[]): JobSpec[] {
  const byKey = new Map(specs.map((spec) => [spec.key, spec]));
  const done = new Set<string>();
  const ordered: JobSpec[] = [];
  const visit = (spec: JobSpec, path: Set<string>) => {
    if (done.has(spec.key) || path.has(spec.key)) return;
    path.add(spec.key);
    for (const key of spec.dependsOn) {
      const dependency = byKey.get(key);
      if (dependency) visit(dependency, path);
    }
    done.add(spec.key);
    ordered.push(spec);
  };
  for (const spec of specs) visit(spec, new Set());
  return ordered;
}
