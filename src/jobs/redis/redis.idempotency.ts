import type { Redis } from 'ioredis';
import type { IdempotencyStore } from '../idempotency.port.js';
import { LuaScript } from './lua-script.js';

// SET NX with the expiry judged by the caller's clock (as the memory adapter does), and a TTL
// that ends the key at that same instant. KEYS key · ARGV jobId, expiresAt, now → holder.
const CLAIM = new LuaScript(`
local held = redis.call('HMGET', KEYS[1], 'job', 'exp')
if held[1] and tonumber(held[2]) > tonumber(ARGV[3]) then return held[1] end
redis.call('DEL', KEYS[1])
local ttl = tonumber(ARGV[2]) - tonumber(ARGV[3])
if ttl > 0 then
  redis.call('HSET', KEYS[1], 'job', ARGV[1], 'exp', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ttl)
end
return ARGV[1]
`);

// Compare-and-delete: only the holder frees the key. KEYS key · ARGV jobId.
const RELEASE = new LuaScript(`
if redis.call('HGET', KEYS[1], 'job') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

/** Idempotency keys in Redis, shared by every API replica; each lives until its job expires. */
export class RedisIdempotency implements IdempotencyStore {
  readonly #redis: Redis;
  readonly #now: () => number;
  readonly #prefix: string;

  constructor(options: { redis: Redis; now?: () => number; prefix?: string }) {
    this.#redis = options.redis;
    this.#now = options.now ?? Date.now;
    this.#prefix = options.prefix ?? 'serenya';
  }

  async claim(key: string, jobId: string, expiresAt: number): Promise<string> {
    const holder = await CLAIM.run(this.#redis, [this.#key(key)], [jobId, expiresAt, this.#now()]);
    if (typeof holder !== 'string') throw new Error('unexpected idempotency reply');
    return holder;
  }

  async release(key: string, jobId: string): Promise<void> {
    await RELEASE.run(this.#redis, [this.#key(key)], [jobId]);
  }

  #key(key: string): string {
    return `${this.#prefix}:idem:${key}`;
  }
}
