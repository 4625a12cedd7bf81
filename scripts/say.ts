// npm run say -- <userid> <message…>: sends one message to the local demo bot as that person, the way
// WeCom would (signed and encrypted), and prints what the bot sends back through the fake WeCom.
// Card buttons can be tapped with:  npm run say -- <userid> --tap <task_id> <button key>
import { cardTapXml, newMsgId, signCallback, textMessageXml } from '../src/gateway/build-callback.js';

const [userId, ...rest] = process.argv.slice(2);
if (!userId || rest.length === 0) {
  console.error('usage: npm run say -- <userid> <message>    or    npm run say -- <userid> --tap <task_id> <key>');
  process.exit(2);
}
const port = process.env.PORT ?? '3000';
const fakeUrl = `http://127.0.0.1:${process.env.FAKE_WECOM_PORT ?? '3900'}`;
const keys = {
  token: process.env.WECOM_TOKEN ?? 'demoCallbackToken',
  encodingAesKey: process.env.WECOM_ENCODING_AES_KEY ?? 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: process.env.WECOM_CORP_ID ?? 'wwdemo0000000001',
};
const agentId = Number(process.env.WECOM_AGENT_ID ?? 1000002);
const createTime = Math.floor(Date.now() / 1000);

interface FakeMessage {
  toUser: string;
  msgtype: string;
  taskId?: string;
  // The fake returns the WeCom JSON we sent, whatever its shape; it is only printed here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: Record<string, any>;
}
async function messagesTo(user: string): Promise<FakeMessage[]> {
  const response = await fetch(`${fakeUrl}/__fake/messages?touser=${encodeURIComponent(user)}`);
  const data = (await response.json()) as { messages?: FakeMessage[] } | FakeMessage[];
  return Array.isArray(data) ? data : (data.messages ?? []);
}

let plaintext: string;
if (rest[0] === '--tap') {
  const [, taskId, key] = rest;
  if (!taskId || !key) throw new Error('--tap needs <task_id> <key>');
  const codeResponse = await fetch(`${fakeUrl}/__fake/click-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ taskId, userId }),
  });
  const { responseCode } = (await codeResponse.json()) as { responseCode: string };
  plaintext = cardTapXml({
    corpId: keys.corpId,
    from: userId,
    taskId,
    eventKey: key,
    responseCode,
    createTime,
    agentId,
  });
} else {
  plaintext = textMessageXml({
    corpId: keys.corpId,
    from: userId,
    content: rest.join(' '),
    msgId: newMsgId(),
    createTime,
    agentId,
  });
}

const before = (await messagesTo(userId)).length;
const signed = signCallback(keys, plaintext);
const answer = await fetch(`http://127.0.0.1:${port}${signed.path}`, { method: 'POST', body: signed.body });
console.log(`callback -> HTTP ${answer.status}`);
const deadline = Date.now() + 3000;
let shown = before;
while (Date.now() < deadline) {
  const all = await messagesTo(userId);
  for (const message of all.slice(shown)) {
    const body = message.body;
    if (message.msgtype === 'template_card') {
      const card = body.template_card;
      console.log(`[卡片] ${card.main_title?.title}  task_id=${card.task_id}`);
      for (const row of card.horizontal_content_list ?? []) console.log(`  ${row.keyname}：${row.value}`);
      console.log(
        `  按钮：${(card.button_list ?? []).map((b: { text: string; key: string }) => `${b.text}(${b.key})`).join('  ')}`,
      );
    } else {
      console.log(body.text?.content ?? body.markdown?.content ?? JSON.stringify(body));
    }
  }
  shown = all.length;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
