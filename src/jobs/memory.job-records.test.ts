import { jobRecordsContract } from './job-records.contract.js';
import { MemoryJobRecords } from './memory.job-records.js';

jobRecordsContract('MemoryJobRecords', async (now) => ({
  store: new MemoryJobRecords(now),
  cleanup: async () => undefined,
}));
