import { LuaScript } from './lua-script.js';

// Keeps every index key's TTL at the latest expiry among the records it lists (never longer),
// and drops index entries whose record has expired.
const BOUND = `
local function boundExpiry(expiry, now)
  redis.call('ZREMRANGEBYSCORE', expiry, '-inf', now)
  local last = redis.call('ZRANGE', expiry, -1, -1, 'WITHSCORES')
  if last[2] then redis.call('PEXPIRE', expiry, tonumber(last[2]) - tonumber(now)) end
end
local function boundOwner(owner, expiry, now)
  local latest = nil
  for _, id in ipairs(redis.call('SMEMBERS', owner)) do
    local at = redis.call('ZSCORE', expiry, id)
    if at then
      at = tonumber(at)
      if latest == nil or at > latest then latest = at end
    else
      redis.call('SREM', owner, id)
    end
  end
  if latest then redis.call('PEXPIRE', owner, latest - tonumber(now)) end
end
`;

/** KEYS record, owner, expiry · ARGV json, id, expiresAt, now, channel → 0 if the id exists. */
export const CREATE = new LuaScript(`${BOUND}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local ttl = tonumber(ARGV[3]) - tonumber(ARGV[4])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
  redis.call('SADD', KEYS[2], ARGV[2])
  boundExpiry(KEYS[3], ARGV[4])
  boundOwner(KEYS[2], KEYS[3], ARGV[4])
  redis.call('PUBLISH', ARGV[5], ARGV[2])
end
return 1
`);

/**
 * Compare-and-set. KEYS record, old owner, new owner, expiry · ARGV expected json, next json, id,
 * expiresAt, now, channel → 0 if the record is no longer the expected one, 2 if the change
 * moved its expiry into the past (the record is then gone), 1 otherwise.
 */
export const UPDATE = new LuaScript(`${BOUND}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[4]) - tonumber(ARGV[5])
redis.call('SREM', KEYS[2], ARGV[3])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ttl)
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[3])
else
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[4], ARGV[3])
end
boundExpiry(KEYS[4], ARGV[5])
boundOwner(KEYS[2], KEYS[4], ARGV[5])
if KEYS[3] ~= KEYS[2] then boundOwner(KEYS[3], KEYS[4], ARGV[5]) end
redis.call('PUBLISH', ARGV[6], ARGV[3])
if ttl > 0 then return 1 end
return 2
`);

/** Compare-and-delete. KEYS record, owner, expiry · ARGV expected json, id, now, channel. */
export const DELETE = new LuaScript(`${BOUND}
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('SREM', KEYS[2], ARGV[2])
boundExpiry(KEYS[3], ARGV[3])
boundOwner(KEYS[2], KEYS[3], ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1
`);

/** Drops index entries of records that are gone. KEYS index, records… · ARGV SREM|ZREM, ids… */
export const PRUNE = new LuaScript(`
for i = 2, #ARGV do
  if redis.call('EXISTS', KEYS[i]) == 0 then redis.call(ARGV[1], KEYS[1], ARGV[i]) end
end
return 1
`);
