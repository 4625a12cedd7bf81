import { newMsgId, signCallback, textMessageXml } from '../src/gateway/build-callback.js';
import { BENCH_AGENT_ID, BENCH_KEYS } from './bench-keys.js';

export interface PooledCallback {
  path: string;
  body: string;
  msgId: string;
}

/**
 * Distinct signed, encrypted text callbacks (one MsgId each), built before a round so the load
 * generator spends no time on crypto while measuring. Timestamps are "now": a pool must be used
 * within the service's replay window (300 s).
 */
export function buildCallbackPool(count: number): PooledCallback[] {
  const timestamp = Math.floor(Date.now() / 1000);
  const pool: PooledCallback[] = [];
  for (let i = 0; i < count; i += 1) {
    const msgId = newMsgId();
    const from = `bench.user${i % 500}`;
    const xml = textMessageXml({
      corpId: BENCH_KEYS.corpId,
      from,
      content: `查询 第${i}条 bench`,
      msgId,
      createTime: timestamp,
      agentId: BENCH_AGENT_ID,
    });
    const signed = signCallback(BENCH_KEYS, xml, { timestamp, agentId: BENCH_AGENT_ID });
    pool.push({ path: signed.path, body: signed.body, msgId });
  }
  return pool;
}
