/**
 * What `doFind` receives besides the call's own options, to narrow the search for work the provider
 * already accepted.
 */
export interface FindOptions {
  /**
   * A lower bound on when the work was submitted, in ms since the epoch: when the job's first
   * attempt started (0 if the store has no record of it). Work submitted before it cannot be this
   * job's, so a search through the provider's history may stop there.
   */
  submittedAfter: number;
}
