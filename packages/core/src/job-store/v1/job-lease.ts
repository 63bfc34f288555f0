/**
 * Proof that a worker holds a job, made from the job it claimed. Every write after the claim
 * carries it, and the store refuses a write whose token is no longer the job's (returning false and
 * changing nothing): the lease ran out and another worker took the job, or it was cancelled.
 */
export interface JobLease {
  /** The movie of the job. */
  movieId: string;
  /** The job's key. */
  key: string;
  /** The job's `leaseToken` as the claim returned it. */
  token: number;
}
