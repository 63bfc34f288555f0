import { hostname } from 'node:os';
import type { Job, JobStoreV1 } from '../job-store/v1/index.js';

/** `{host}:{pid}:{random}`: who holds a lease, and enough to tell whether that process still lives. */
export function newWorkerId(random: string): string {
  return `${hostname()}:${process.pid}:${random}`;
}

/**
 * Worker ids among the jobs' lease holders that belong to processes of this host that no longer
 * exist. Workers of other hosts are never judged dead here: their leases run out on their own.
 */
export function deadWorkersOf(jobs: readonly Pick<Job, 'status' | 'leaseOwner'>[], isAlive: (pid: number) => boolean = processIsAlive): string[] {
  const owners = new Set<string>();
  for (const job of jobs) if ((job.status === 'in_progress' || job.status === 'waiting') && job.leaseOwner) owners.add(job.leaseOwner);
  return [...owners].filter((owner) => isDeadWorker(owner, isAlive));
}

/** Whether `owner` (`{host}:{pid}:{random}`) is a process of this host, not this one, that no longer exists. */
export function isDeadWorker(owner: string, isAlive: (pid: number) => boolean = processIsAlive): boolean {
  const [host, pid] = owner.split(':');
  return host === hostname() && Number(pid) !== process.pid && !isAlive(Number(pid));
}

/** Ends the leases of dead workers now, so a resume after a crash need not wait for them to lapse. */
export async function expireDeadWorkers(store: JobStoreV1, movieId: string, jobs: readonly Job[], now: number): Promise<number> {
  if (!store.expireLeasesOf) return 0;
  let expired = 0;
  for (const owner of deadWorkersOf(jobs)) expired += await store.expireLeasesOf(movieId, owner, now);
  return expired;
}

export function processIsAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
