/**
 * Where a job is in its life. The store moves it along as workers claim, submit, complete and fail
 * it, and as `retry` and `cancel` are called:
 *
 * - `pending`: waiting for its dependencies or its `runAt`; claimable once both allow;
 * - `in_progress`: claimed by a worker under a lease, nothing submitted to a provider yet;
 * - `waiting`: the provider accepted the work and the store holds its operation; the worker polls;
 * - `completed`: done, with its outputs and result; dependents may run;
 * - `failed`: out of attempts, past its deadline, or failed by an error that no retry can fix;
 * - `cancelled`: stopped by `cinema cancel`;
 * - `retired`: no longer in the film's plan (its scene was taken out of the script); its files and
 *   takes are kept, and it comes back if a later plan names it again. Not counted in summaries' totals.
 *
 * The last three are final until `retry` puts the job back to `pending`. `jobStatuses` lists them
 * all.
 */
export type JobStatus = 'pending' | 'in_progress' | 'waiting' | 'completed' | 'failed' | 'cancelled' | 'retired';
