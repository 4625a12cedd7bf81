// npm start: the whole service in one process (XIAOBAN_ROLE=all), or its web / worker part.
import { EnvError, parseEnv, readFileBackedVariables, type Env } from './config/env.js';
import { startXiaoban } from './app/start-xiaoban.js';
import { createLogger } from './shared/logger.js';

async function main(): Promise<void> {
  let env: Env;
  try {
    env = parseEnv(await readFileBackedVariables(process.env));
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`xiaoban: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(env.LOG_LEVEL);

  if (env.XIAOBAN_FAKE_WECOM === '1') {
    const { startFakeWecom } = await import('./fake-wecom/server.js');
    const fake = await startFakeWecom({ port: Number(process.env.FAKE_WECOM_PORT ?? 3900), corpId: env.WECOM_CORP_ID, secret: env.WECOM_SECRET, agentId: env.WECOM_AGENT_ID });
    env = Object.freeze({ ...env, WECOM_API_BASE: fake.url });
    logger.warn({ url: fake.url }, 'using the fake WeCom API (local demo only)');
  }

  const running = await startXiaoban({ env, logger }).catch((error: unknown) => {
    console.error(`xiaoban: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  logger.info({ role: env.XIAOBAN_ROLE, url: running.url, org: running.orgs.defaultOrg().orgId }, 'xiaoban started');

  process.on('SIGHUP', () => {
    running.reloadDirectory().catch((error: unknown) => logger.error({ err: error }, 'directory reload failed; keeping the previous one'));
  });
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      logger.info({ signal }, 'shutting down');
      running.stop().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

await main();
