import type { CommandSpec } from '../kit/command-spec.js';
import type { WorkflowCommand, WorkflowModule } from '../kit/workflow-module.js';
import { moreCommand } from './builtin/more-command.js';

/** Every command the bot understands: the built-in ones and those the workflow modules bring. */
export interface CommandCatalog {
  specs: CommandSpec[];
  byKeyword(keyword: string): WorkflowCommand | undefined;
  modules: WorkflowModule[];
  moduleForRef(ref: string): WorkflowModule | undefined;
  moduleById(id: string): WorkflowModule | undefined;
}

/**
 * The catalog of `builtins` and the modules' commands, plus 「更多」, which pages any long reply: it
 * belongs to the mechanism of replying, not to one command.
 */
export function createCommandCatalog(builtins: WorkflowCommand[], modules: WorkflowModule[]): CommandCatalog {
  const byKeyword = new Map<string, WorkflowCommand>();
  const more = moreCommand((keyword) => byKeyword.get(keyword));
  const commands = [...builtins, ...modules.flatMap((module) => module.commands), more];
  for (const command of commands) {
    if (byKeyword.has(command.spec.keyword)) throw new Error(`command ${command.spec.keyword} is defined twice`);
    byKeyword.set(command.spec.keyword, command);
  }
  return {
    specs: commands.map((command) => command.spec),
    byKeyword: (keyword) => byKeyword.get(keyword),
    modules,
    moduleForRef: (ref) =>
      modules.find((module) => module.refPrefixes.some((prefix) => ref.toUpperCase().startsWith(prefix))),
    moduleById: (id) => modules.find((module) => module.id === id),
  };
}
