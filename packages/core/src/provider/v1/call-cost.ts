/**
 * What a call cost, which every model result reports. Core adds it to the job's cost, shows it in
 * `cinema status` and counts it against the movie's budget (`budget.maxCostUsd`).
 */
export interface CallCost {
  /**
   * US dollars the call cost: 0 for free and offline models, the provider's price when it reports
   * one, else the model's best estimate. Must be a finite number of 0 or more (the provider
   * conformance suite checks this); core counts anything else as 0.
   */
  costUsd: number;
}
