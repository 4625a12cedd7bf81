import type { BaseContext } from '../context.js';

/**
 * Records which version of the item's file (document_file) a holder had when they decided
 * (`approval_holder.file_version`): a 会签 given on the first draft says so after a second one came.
 * Null when the item had no file then. Called right after the decision, in its transaction.
 */
export async function recordFileVersion(ctx: BaseContext, holderId: string, version: number | null): Promise<void> {
  await ctx.tx.approvalHolder.update({ where: { id: BigInt(holderId) }, data: { fileVersion: version } });
}

/** The version a holder recorded when deciding (see {@link recordFileVersion}); undefined when none. */
export async function fileVersionSeen(ctx: BaseContext, holderId: string): Promise<number | undefined> {
  const holder = await ctx.tx.approvalHolder.findUnique({
    where: { id: BigInt(holderId) },
    select: { fileVersion: true },
  });
  return holder?.fileVersion ?? undefined;
}
