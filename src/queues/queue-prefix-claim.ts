import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** How long a process counts as running after its last heartbeat. */
const LIVE_FOR_MS = 30_000;
const HEARTBEAT_MS = 10_000;

/**
 * One script, so that claiming, checking the owner's running processes and registering this
 * process happen at once: KEYS[1] the prefix's owner record, KEYS[2] the live set of our instance;
 * ARGV: owner record JSON, our instance id, our process id, now (ms), live-until (ms), live-set prefix.
 */
const CLAIM_SCRIPT = `
local ownerKey, ourLiveKey = KEYS[1], KEYS[2]
local record, instanceId, processId, now, liveUntil, livePrefix = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local outcome = 'claimed'
local owner = redis.call('GET', ownerKey)
if owner then
  local ownerId = cjson.decode(owner).instanceId
  if ownerId == instanceId then
    outcome = 'ours'
  else
    local ownerLive = livePrefix .. ownerId
    redis.call('ZREMRANGEBYSCORE', ownerLive, '-inf', now)
    if redis.call('ZCARD', ownerLive) > 0 then return {'refused', owner} end
    outcome = 'rebound'
  end
end
if outcome ~= 'ours' then redis.call('SET', ownerKey, record) end
redis.call('ZADD', ourLiveKey, liveUntil, processId)
redis.call('PEXPIRE', ourLiveKey, liveUntil - now + 60000)
return {outcome, owner or ''}
`;

/** Thrown when a running process of another database uses the prefix: startup stops with its message. */
export class QueuePrefixTaken extends Error {}

export interface QueuePrefixClaim {
  /** this process stops counting as running (graceful shutdown) */
  release(): Promise<void>;
}

/**
 * Ties a Redis key prefix to one database. Two deployments on one Redis with one prefix would take
 * each other's jobs (an inbound job names a row id, which means another event in the other
 * database), so a process refuses to start while a process of another database runs on the prefix.
 * A prefix whose owner has no running process (a re-created demo database, a retired staging copy)
 * is taken over, with a warning: unique job ids (src/queues/definitions.ts) keep the old jobs apart.
 */
export async function claimQueuePrefix(options: {
  redis: Redis;
  prefix: string;
  instanceId: string;
  /** host:port/database, shown to the operator of the other deployment */
  databaseLabel: string;
  logger: Logger;
  now?: () => number;
}): Promise<QueuePrefixClaim> {
  const { redis, prefix, instanceId, logger } = options;
  const now = options.now ?? Date.now;
  const processId = randomUUID();
  const ownerKey = `${prefix}:database`;
  const livePrefix = `${prefix}:live:`;
  const ourLiveKey = livePrefix + instanceId;
  const record = JSON.stringify({ instanceId, database: options.databaseLabel });

  const run = async (): Promise<[string, string]> => {
    const at = now();
    return (await redis.eval(
      CLAIM_SCRIPT,
      2,
      ownerKey,
      ourLiveKey,
      record,
      instanceId,
      processId,
      at,
      at + LIVE_FOR_MS,
      livePrefix,
    )) as [string, string];
  };
  const [outcome, previous] = await run();
  if (outcome === 'refused') {
    const other = JSON.parse(previous) as { instanceId: string; database?: string };
    throw new QueuePrefixTaken(
      `XIAOBAN_QUEUE_PREFIX "${prefix}" is in use on this Redis by processes of another database (${other.database ?? 'unknown'}, instance ${other.instanceId}); give each deployment its own XIAOBAN_QUEUE_PREFIX`,
    );
  }
  if (outcome === 'rebound') {
    const other = JSON.parse(previous) as { instanceId: string; database?: string };
    logger.warn(
      { prefix, previousDatabase: other.database, previousInstance: other.instanceId },
      'queue prefix was used by another database with no process running; it now belongs to this one',
    );
  }

  // Renewing is the same script: it keeps this process live, and re-claims the prefix if it lapsed.
  const timer = setInterval(() => {
    run().catch((error: unknown) => logger.debug({ err: error }, 'queue prefix heartbeat failed; retrying'));
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async release() {
      clearInterval(timer);
      await redis.zrem(ourLiveKey, processId);
    },
  };
}
