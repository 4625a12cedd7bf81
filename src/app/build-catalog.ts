import { archiveCommand } from '../commands/builtin/archive-command.js';
import { attachCommand } from '../commands/builtin/attach-command.js';
import { briefCommand } from '../commands/builtin/brief-command.js';
import { cancelCommand } from '../commands/builtin/cancel-command.js';
import { helpCommand } from '../commands/builtin/help-command.js';
import { searchCommand } from '../commands/builtin/search-command.js';
import { statusCommand } from '../commands/builtin/status-command.js';
import { todoCommand } from '../commands/builtin/todo-command.js';
import { transferCommand } from '../commands/builtin/transfer-command.js';
import { createCommandCatalog, type CommandCatalog } from '../commands/command-catalog.js';
import type { WorkflowModule } from '../kit/workflow-module.js';
import { SHIPPED_WORKFLOWS } from './shipped-workflows.js';

/** The built-in commands plus the workflow modules: the only place that lists the modules. */
export function buildCatalog(workflows: WorkflowModule[] = SHIPPED_WORKFLOWS): CommandCatalog {
  let catalog: CommandCatalog | undefined;
  const getCatalog = (): CommandCatalog => catalog!;
  const hasHook = (hook: 'archive' | 'mayAttach' | 'search'): boolean => workflows.some((module) => module[hook]);
  catalog = createCommandCatalog(
    [
      helpCommand(getCatalog),
      todoCommand(),
      statusCommand(getCatalog),
      cancelCommand(getCatalog),
      transferCommand(getCatalog),
      briefCommand(getCatalog),
      // 归档, 附件 and 查找 route to a workflow's hook: each only where some workflow has it, so that
      // 帮助 promises only what this build can do
      ...(hasHook('archive') ? [archiveCommand(getCatalog)] : []),
      ...(hasHook('mayAttach') ? [attachCommand(getCatalog)] : []),
      ...(hasHook('search') ? [searchCommand(getCatalog)] : []),
    ],
    workflows,
  );
  return catalog;
}
