import type { CommandCatalog } from '../commands/command-catalog.js';
import type { ActorContext } from '../kit/context.js';
import { storeFileVersion } from '../kit/files/document-files.js';
import { runRefusable } from '../kit/run-refusable.js';
import { describeSize, WECOM_FILE_MAX_BYTES } from '../wecom/media.js';
import type { FileArrival } from './fetch-sent-file.js';

/** The answer to a file nobody asked for (no 附件, 收文 or 发文 in the last 30 minutes). */
export const FILE_NOT_EXPECTED_TEXT = '如需把文件附到公文上，请先发送「附件 S12」（换成公文编号），再发文件。';

/**
 * A file a person sent, once fetched (src/inbound/fetch-sent-file.ts), inside the event's
 * transaction: their expectation is read again under lock (it may have expired or been replaced
 * meanwhile), the owning module asked once more whether they may attach to the item now
 * (`mayAttach`), the file stored as the item's next version (`storeFileVersion`), the expectation
 * removed, the sender told, and the module's `onFileAttached` called, which does what the file
 * means for the item (the file beside the cards of whoever decides next). The receipt
 * 「已收到 F3 的文件…」 is sent here, before the module's hook: a module adds only what it did.
 * A refusal from the module undoes the version and drops the expectation.
 */
export async function receiveFile(ctx: ActorContext, catalog: CommandCatalog, arrival: FileArrival): Promise<void> {
  const key = { orgId: ctx.orgId, userId: ctx.actor.userId };
  const [expected] = await ctx.tx.$queryRaw<{ workflow: string; itemRef: string }[]>`
    SELECT workflow, item_ref AS "itemRef" FROM expected_file
    WHERE org_id = ${key.orgId} AND userid = ${key.userId} AND expires_at > ${ctx.clock.now()}
    FOR UPDATE`;
  if (!expected) {
    // not taken, so not kept: its name may be a 秘密 document's title (spec 2.6)
    ctx.forgetTypedText?.();
    return ctx.reply(FILE_NOT_EXPECTED_TEXT);
  }
  const ref = expected.itemRef;
  // asked for while this file was on its way (附件 sent just before it): it was not fetched
  if (arrival.kind === 'not_expected') return ctx.reply(`请再发送一次这个文件，${ref} 正在等它。`);
  const dropExpectation = () => ctx.tx.expectedFile.deleteMany({ where: key });

  switch (arrival.kind) {
    case 'too_large':
      return ctx.reply(
        `这个文件${arrival.sizeBytes ? `有 ${describeSize(arrival.sizeBytes)}，` : ''}超过了企业微信 ${describeSize(WECOM_FILE_MAX_BYTES)} 的上限，没有收下。请压缩后再发给我，${ref} 仍在等这个文件。`,
      );
    case 'too_small':
      return ctx.reply(
        `这个文件只有 ${describeSize(arrival.sizeBytes)}，企业微信无法转发这么小的文件，没有收下。请检查后重新发送。`,
      );
    case 'unavailable':
      return ctx.reply(`没能从企业微信取到这个文件，请重新发送一次，${ref} 仍在等这个文件。`);
  }

  const module = catalog.moduleById(expected.workflow) ?? catalog.moduleForRef(ref);
  if (!module?.mayAttach || !module.onFileAttached) {
    await dropExpectation();
    return ctx.reply(`${ref} 不收文件，这个文件没有保存。`);
  }
  const { mayAttach, onFileAttached } = module;
  await runRefusable(
    ctx,
    async () => {
      const { itemId } = await mayAttach.call(module, ctx, ref);
      const stored = await storeFileVersion(ctx, { workflow: module.id, itemId, itemRef: ref }, arrival);
      if (!stored.isNew) {
        await ctx.reply(
          `这个文件与 ${ref} 的第${stored.file.version}版《${stored.file.fileName}》完全相同，没有存为新版本。如要更新，请发送修改后的文件。`,
        );
        return;
      }
      await dropExpectation();
      await ctx.reply(
        `已收到 ${ref} 的文件《${stored.file.fileName}》：第${stored.file.version}版，${describeSize(stored.file.sizeBytes)}。`,
      );
      await onFileAttached.call(module, ctx, stored.file);
    },
    { afterRefusal: async () => void (await dropExpectation()) },
  );
}
