import { startFakeWecom } from '../src/fake-wecom/server.js';

/** Runs the fake WeCom API on its own, for the demo and the bench: `npm run fake-wecom`. */
const port = Number(process.env.FAKE_WECOM_PORT ?? 3900);
const agentId = Number(process.env.FAKE_WECOM_AGENT_ID ?? 1000002);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  throw new Error(`FAKE_WECOM_PORT is not a port: ${process.env.FAKE_WECOM_PORT}`);
if (!Number.isInteger(agentId) || agentId <= 0)
  throw new Error(`FAKE_WECOM_AGENT_ID is not a positive integer: ${process.env.FAKE_WECOM_AGENT_ID}`);

const fake = await startFakeWecom({
  port,
  corpId: process.env.FAKE_WECOM_CORP_ID ?? 'ww_fake_corp',
  secret: process.env.FAKE_WECOM_SECRET ?? 'fake-secret',
  agentId,
});
console.log(`fake WeCom listening on ${fake.url} (agentid ${agentId}; inspect at ${fake.url}/__fake/messages)`);

const stop = (): void => {
  fake.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
