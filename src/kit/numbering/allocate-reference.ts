import type { BaseContext } from '../context.js';
import { allocateNumber } from './allocate-number.js';
import { formatReference, type ReferenceKind } from './format-numbers.js';
import { referenceScope } from './number-scopes.js';

/** `Y12`: the next short reference of a kind of item (spec 2.4), in the caller's transaction. */
export async function allocateReference(ctx: BaseContext, kind: ReferenceKind): Promise<string> {
  return formatReference(kind, await allocateNumber(ctx, referenceScope(kind)));
}
