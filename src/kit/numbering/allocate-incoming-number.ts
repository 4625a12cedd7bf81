import type { BaseContext } from '../context.js';
import { allocateNumber } from './allocate-number.js';
import { formatIncomingNumber } from './format-numbers.js';
import { incomingNumberScope, orgYear } from './number-scopes.js';
import type { OfficialNumber } from './official-number.js';

/** 收文编号 `收〔2026〕12号`: the next in the organisation's current year, at registration (spec 3.2). */
export async function allocateIncomingNumber(ctx: BaseContext): Promise<OfficialNumber> {
  const year = orgYear(ctx.clock.now(), ctx.timezone);
  const scope = incomingNumberScope(year);
  const number = await allocateNumber(ctx, scope);
  return { scope, number, text: formatIncomingNumber(year, number) };
}
