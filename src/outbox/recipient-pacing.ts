import type { Redis } from 'ioredis';

/**
 * WeCom silently drops anything beyond 30 messages a minute or 1000 an hour to one member, with no
 * error (NOTES §7). So every send first reserves a slot in a per-recipient sliding window in Redis,
 * shared by all workers; when the window is full the caller learns how long to wait.
 */
export interface RecipientPacing {
  /** 0 when a slot was reserved now; otherwise the milliseconds until one frees up (nothing reserved) */
  reserve(recipientKey: string, nowMs: number): Promise<number>;
  /** the milliseconds until a slot is free (0: one is free now), reserving nothing */
  peek(recipientKey: string, nowMs: number): Promise<number>;
}

/** A little under WeCom's own limits, so clock skew between us and WeCom never tips a message over. */
export const DEFAULT_PER_MINUTE = 28;
export const DEFAULT_PER_HOUR = 950;

const RESERVE_SCRIPT = `
local key, now, perMinute, perHour, member, isPeek = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5] == '1'
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 3600000)
local inHour = redis.call('ZCARD', key)
if inHour >= perHour then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + 3600000 - now + 1
end
local inMinute = redis.call('ZCOUNT', key, now - 60000 + 1, '+inf')
if inMinute >= perMinute then
  local firstInMinute = redis.call('ZRANGEBYSCORE', key, now - 60000 + 1, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  return tonumber(firstInMinute[2]) + 60000 - now + 1
end
if isPeek then return 0 end
redis.call('ZADD', key, now, member)
redis.call('PEXPIRE', key, 3600000)
return 0
`;

export function createRecipientPacing(options: {
  redis: Redis;
  keyPrefix?: string;
  perMinute?: number;
  perHour?: number;
}): RecipientPacing {
  const prefix = options.keyPrefix ?? 'xiaoban:pace:';
  const perMinute = options.perMinute ?? DEFAULT_PER_MINUTE;
  const perHour = options.perHour ?? DEFAULT_PER_HOUR;
  let sequence = 0;
  const run = async (recipientKey: string, nowMs: number, isPeek: boolean): Promise<number> => {
    sequence = (sequence + 1) % 1_000_000;
    const member = `${nowMs}-${process.pid}-${sequence}-${Math.random().toString(36).slice(2, 8)}`;
    return Number(
      await options.redis.eval(
        RESERVE_SCRIPT,
        1,
        prefix + recipientKey,
        nowMs,
        perMinute,
        perHour,
        member,
        isPeek ? '1' : '0',
      ),
    );
  };
  return {
    reserve: (recipientKey, nowMs) => run(recipientKey, nowMs, false),
    peek: (recipientKey, nowMs) => run(recipientKey, nowMs, true),
  };
}
