import type { FakeWecomState } from './state.js';

type Json = Record<string, unknown>;

/** POST /cgi-bin/message/update_template_card (DOC 94888). */
export function handleUpdateTemplateCard(state: FakeWecomState, body: Json): Json {
  if (body.agentid !== state.identity.agentId)
    return { errcode: 40056, errmsg: `invalid agentid: expected the integer ${state.identity.agentId}` };
  const { userids, response_code: responseCode, button, template_card: templateCard } = body;
  if (!Array.isArray(userids) || userids.some((userId) => typeof userId !== 'string')) {
    return { errcode: 40058, errmsg: 'userids must be an array of userids' };
  }
  const hasButton = typeof button === 'object' && button !== null && typeof (button as Json).replace_name === 'string';
  const hasCard = typeof templateCard === 'object' && templateCard !== null;
  if (hasButton === hasCard)
    return { errcode: 40058, errmsg: 'give exactly one of button.replace_name and template_card' };
  if (typeof responseCode !== 'string') return { errcode: 60140, errmsg: 'response_code is missing' };

  const grant = state.responseCodes.consume(responseCode);
  if (!grant) return { errcode: 60140, errmsg: 'invalid response_code: unknown, already used or older than 72 hours' };
  state.recordedCardUpdates.push({
    taskId: grant.taskId,
    userIds: [...(userids as string[])],
    responseCode,
    ...(hasButton ? { button: { replace_name: String((button as Json).replace_name) } } : {}),
    ...(hasCard ? { templateCard: structuredClone(templateCard as Json) } : {}),
    at: state.nowIso(),
  });
  return { errcode: 0, errmsg: 'ok', invaliduser: [] };
}
