import type { JobStatus } from './v1/index.js';

/** Every job status, in the order of a job's life; e.g. the choices of `cinema jobs --status`. */
export const jobStatuses: readonly JobStatus[] = ['pending', 'in_progress', 'waiting', 'completed', 'failed', 'cancelled'];
