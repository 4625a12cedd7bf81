import type { Logger } from 'pino';
import type { PrismaClient } from '../db/prisma.js';
import { directoryDigest } from '../directory/directory-digest.js';
import type { Directory } from '../directory/types.js';
import { runHandOver, type PresenterLookup } from '../kit/approvals/index.js';
import type { CommandCatalog } from '../commands/command-catalog.js';
import type { Clock } from '../shared/clock.js';

/**
 * After the org file was reloaded (start, SIGHUP) or contacts were synced: every open approval
 * step and work item is re-resolved against the new directory, once however many processes
 * reloaded it (kit/approvals/run-hand-over.ts). Returns how many moved, or undefined when another
 * process had already handled this directory.
 */
export async function handOverAfterReload(options: {
  prisma: PrismaClient;
  orgId: string;
  timezone: string;
  directory: Directory;
  catalog: CommandCatalog;
  clock: Clock;
  logger: Logger;
}): Promise<number | undefined> {
  const { catalog } = options;
  const presenterFor: PresenterLookup = async (ctx, approval) => {
    const module = catalog.moduleById(approval.workflow);
    if (!module?.approvalPresenter) throw new Error(`workflow ${approval.workflow} has approvals but no presenter`);
    return module.approvalPresenter(ctx, approval.itemId, approval.purpose);
  };
  const workflowPasses = catalog.modules.flatMap((module) => (module.handOver ? [module.handOver.bind(module)] : []));
  const moved = await options.prisma.$transaction(
    (tx) =>
      runHandOver(
        { tx, orgId: options.orgId, timezone: options.timezone, directory: options.directory, clock: options.clock },
        { directoryVersion: directoryDigest(options.directory), presenterFor, workflowPasses },
      ),
    { timeout: 120_000, maxWait: 30_000 },
  );
  // one line per process and reload either way, so an operator sees which process did the pass
  if (moved === undefined)
    options.logger.info({ org: options.orgId }, 'hand-over skipped: this directory was already handled');
  else options.logger.info({ org: options.orgId, moved }, 'hand-over after directory change');
  return moved;
}
