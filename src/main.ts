// npm start: the whole service in one process (XIAOBAN_ROLE=all), or its web / worker part.
import { EnvError, parseEnv, readFileBackedVariables, type Env } from './config/env.js';
import { startXiaoban, type XiaobanOptions } from './app/start-xiaoban.js';
import { createLogger } from './shared/logger.js';
import { offsetClock, systemClock, type Clock } from './shared/clock.js';

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

  let extraRoutes: XiaobanOptions['extraRoutes'];
  let clock: Clock = systemClock;
  if (env.XIAOBAN_FAKE_WECOM === '1') {
    // The demo's clock can be moved forward from the simulator (spec 2.2); production's never moves.
    const demoClock = offsetClock(systemClock);
    clock = demoClock;
    const { startFakeWecom } = await import('./fake-wecom/server.js');
    const { contactsFromOrgConfig } = await import('./fake-wecom/contacts-from-org.js');
    const { loadOrgFile } = await import('./directory/load-org-file.js');
    const contacts = contactsFromOrgConfig(await loadOrgFile(env.ORG_FILE, { defaultTimezone: env.TZ_DEFAULT }));
    const fake = await startFakeWecom({
      port: env.FAKE_WECOM_PORT,
      corpId: env.WECOM_CORP_ID,
      secret: env.WECOM_SECRET,
      agentId: env.WECOM_AGENT_ID,
      contacts,
    });
    env = Object.freeze({ ...env, WECOM_API_BASE: fake.url });
    logger.warn({ url: fake.url }, 'using the fake WeCom API (local demo only)');
    // The simulator plays WeCom against the in-process fake; parseEnv refuses the fake in production.
    const { createSimulatorRoutes } = await import('./simulator/create-simulator-routes.js');
    const { workflowVocabulary } = await import('./app/workflow-vocabulary.js');
    const keys = { token: env.WECOM_TOKEN, encodingAesKey: env.WECOM_ENCODING_AES_KEY, corpId: env.WECOM_CORP_ID };
    const agentId = env.WECOM_AGENT_ID;
    extraRoutes = (deps) => [
      createSimulatorRoutes({ fake, keys, agentId, deps, clock: demoClock, describe: workflowVocabulary() }),
    ];
  }

  const running = await startXiaoban({ env, logger, clock, queuePrefix: env.XIAOBAN_QUEUE_PREFIX, extraRoutes }).catch(
    (error: unknown) => {
      console.error(`xiaoban: cannot start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
  logger.info({ role: env.XIAOBAN_ROLE, url: running.url, org: running.orgs.defaultOrg().orgId }, 'xiaoban started');
  if (extraRoutes && running.url)
    logger.info({ url: `${running.url}/simulator/` }, 'WeCom simulator: open this page in a browser');

  process.on('SIGHUP', () => {
    running
      .reloadDirectory()
      .catch((error: unknown) => logger.error({ err: error }, 'directory reload failed; keeping the previous one'));
  });
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      logger.info({ signal }, 'shutting down');
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

await main();
