/**
 * Where long provider work stands, as `doStatus` reports it for the operation `doStart` returned.
 *
 * The orchestrator owns the polling: it calls `doStatus` as soon as the work is submitted or
 * re-attached, then after a second, then 1.5 times later each time up to every 10 seconds (the
 * `operationPollMs` setting), and gives up when the job's deadline passes (6 hours from its first
 * attempt by default), asking the provider to stop with `doCancel`. `doStatus` only reports; it
 * must not wait for the work to finish.
 *
 * When `doStatus` throws instead: a `not_found` CinemaError means the provider no longer has the
 * work, so the next attempt submits it again; another retryable error is polled through (the work
 * is paid for), honouring its `retryAfterMs`; any other error fails the attempt.
 */
export type OperationStatus<Result> =
  | {
      /** The provider is still working, or the work is still queued. */
      status: 'pending';
      /**
       * How far along the work is, from 0 to 1, shown as a `job:progress` event. Default: not
       * known, and nothing is shown.
       */
      progress?: number;
      /**
       * Poll again after this many ms instead of the orchestrator's own schedule, e.g. from the
       * queue position. Default: the schedule above.
       */
      pollAfterMs?: number;
    }
  | {
      /** The work is done. */
      status: 'completed';
      /**
       * The call's result, as `doGenerate` would have returned it; the stage then writes its files.
       */
      result: Result;
    }
  | {
      /**
       * The provider failed the work. The saved operation is dropped, so the next attempt, if any,
       * submits the work anew.
       */
      status: 'failed';
      /** Why, in the provider's words; it becomes the job's error message. */
      message: string;
      /**
       * Whether submitting the same work again may succeed (an outage), so the job is retried while
       * it has attempts left. Default: false, the job fails (a refused prompt fails again).
       */
      isRetryable?: boolean;
      /** The kind of failure, recorded with the job's error. Default: `unknown`. */
      category?: 'content_policy' | 'invalid_request' | 'server' | 'timeout' | 'unknown';
    };
