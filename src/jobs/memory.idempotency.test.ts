import { idempotencyContract } from './idempotency.contract.js';
import { MemoryIdempotency } from './memory.idempotency.js';

idempotencyContract('MemoryIdempotency', async (now) => ({
  store: new MemoryIdempotency(now),
  cleanup: async () => undefined,
}));
