// The measured side of `npm run bench`: the real service, XIAOBAN_ROLE=web (no workers competing
// for the CPU), configured from the environment the bench passes, exactly as `npm start` would be.
// `npm run bench:e2e` sets BENCH_XIAOBAN_ROLE=all: the whole service (web + relays + workers) next
// to the fake WeCom, whose URL it reports so the bench can read what the fake recorded.
import { startXiaoban } from '../src/app/start-xiaoban.js';
import { parseEnv } from '../src/config/env.js';
import { startFakeWecom } from '../src/fake-wecom/server.js';
import { createLogger } from '../src/shared/logger.js';
import { BENCH_AGENT_ID, BENCH_KEYS, BENCH_SECRET } from './bench-keys.js';
import { announceReady, stopOnRequest } from './child-protocol.js';

const queuePrefix = process.env.BENCH_QUEUE_PREFIX;
if (!queuePrefix) throw new Error('serve-xiaoban: BENCH_QUEUE_PREFIX is required');
const role = process.env.BENCH_XIAOBAN_ROLE ?? 'web';
if (role !== 'web' && role !== 'all') throw new Error('serve-xiaoban: BENCH_XIAOBAN_ROLE must be web or all');

// The web role makes no WeCom API calls on the callback path; the fake is there so that any call it
// did make would stay on this machine. With role all, the workers' replies go to it, and it records
// each with its arrival time by this process's clock.
const fake = await startFakeWecom({ corpId: BENCH_KEYS.corpId, secret: BENCH_SECRET, agentId: BENCH_AGENT_ID });
const env = parseEnv({
  ...process.env,
  XIAOBAN_ROLE: role,
  PORT: '0',
  WECOM_CORP_ID: BENCH_KEYS.corpId,
  WECOM_AGENT_ID: String(BENCH_AGENT_ID),
  WECOM_SECRET: BENCH_SECRET,
  WECOM_TOKEN: BENCH_KEYS.token,
  WECOM_ENCODING_AES_KEY: BENCH_KEYS.encodingAesKey,
  WECOM_API_BASE: fake.url,
  XIAOBAN_FAKE_WECOM: '0',
});
const logger = createLogger(env.LOG_LEVEL);
const running = await startXiaoban({ env, logger, queuePrefix });
stopOnRequest(async () => {
  await running.stop();
  await fake.close();
});
announceReady(running.url!, { fakeUrl: fake.url });
