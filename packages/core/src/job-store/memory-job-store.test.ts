import { runJobStoreConformance } from '../testing/job-store-conformance.js';
import { MemoryJobStore } from './memory-job-store.js';

runJobStoreConformance('MemoryJobStore', () => new MemoryJobStore());
