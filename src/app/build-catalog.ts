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
  catalog = createCommandCatalog(
    [
      helpCommand(getCatalog),
      todoCommand(),
      statusCommand(getCatalog),
      cancelCommand(getCatalog),
      transferCommand(getCatalog),
      briefCommand(getCatalog),
      archiveCommand(getCatalog),
      // 附件 only where some workflow takes files (收文, 发文): 帮助 lists what this build can do
      ...(workflows.some((module) => module.mayAttach) ? [attachCommand(getCatalog)] : []),
      // 查找 only where something can be searched: 帮助 promises only what ships
      ...(workflows.some((module) => module.search) ? [searchCommand(getCatalog)] : []),
    ],
    workflows,
  );
  return catalog;
}
