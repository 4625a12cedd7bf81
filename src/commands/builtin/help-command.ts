import type { WorkflowCommand } from '../../workflows/types.js';
import type { CommandCatalog } from '../command-catalog.js';
import { describeAcceptedForms } from '../parse/describe-field.js';
import { MAX_TEXT_BYTES } from '../../outbox/enqueue-message.js';
import { describeRoles } from '../role-names.js';
import type { CommandSpec } from '../types.js';

/** `帮助 [主题]`: every command with an example, or one command in detail. */
export function helpCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return {
    spec: {
      keyword: '帮助',
      aliases: ['help', '?', '？'],
      summary: '列出全部命令；「帮助 用印」查看某个命令的详细用法',
      example: '帮助 用印',
      freeText: 'optional',
      fields: [],
    },
    async execute(ctx, command) {
      const catalog = getCatalog();
      const topic = command.freeText.trim();
      if (topic) {
        const spec = catalog.specs.find((candidate) => candidate.keyword === topic || candidate.aliases?.includes(topic));
        const module = catalog.modules.find((candidate) => candidate.title === topic);
        if (spec) {
          await ctx.reply(describeCommand(spec));
          return;
        }
        if (module) {
          await ctx.reply([`【${module.title}】`, ...module.commands.map((c) => `· ${c.spec.keyword}：${c.spec.summary}\n  例：${c.spec.example}`), module.helpText ?? ''].join('\n').trim());
          return;
        }
      }
      const intro = topic ? `没有找到「${topic}」的说明。` : '校办助手可以在这里处理用印、收发文、会议和督办。';
      await ctx.reply(commandList(catalog, intro));
    },
  };
}

const OUTRO = '字段写成「名称:值」，用空格或逗号分隔；发送「帮助 命令名」查看详细用法。';

/**
 * Every command with an example; when that would pass WeCom's 2048-byte limit (as the workflows
 * grow), every command without examples, and failing that the workflows as topics — never cut off.
 */
function commandList(catalog: CommandCatalog, intro: string): string {
  const who = (spec: CommandSpec): string => (spec.roles ? `（${describeRoles(spec.roles)}）` : '');
  const candidates = [
    catalog.specs.map((spec) => `· ${spec.keyword}${who(spec)}：${spec.summary}\n  例：${spec.example}`),
    catalog.specs.map((spec) => `· ${spec.keyword}${who(spec)}：${spec.summary}`),
    catalog.specs.map((spec) => `· ${spec.keyword}`),
  ];
  for (const lines of candidates) {
    const text = `${intro}\n可用命令：\n${lines.join('\n')}\n${OUTRO}`;
    if (Buffer.byteLength(text, 'utf8') <= MAX_TEXT_BYTES) return text;
  }
  return `${intro}\n发送「帮助 主题」查看：${catalog.modules.map((module) => module.title).join('、')}\n${OUTRO}`;
}

function describeCommand(spec: CommandSpec): string {
  const lines = [`【${spec.keyword}】${spec.summary}`];
  if (spec.aliases?.length) lines.push(`也可以写：${spec.aliases.join('、')}`);
  if (spec.roles) lines.push(`谁可以用：${describeRoles(spec.roles)}`);
  if (spec.ref) lines.push(`后面跟编号：${spec.ref.prefixes.map((p) => `${p}12`).join(' 或 ')}`);
  for (const field of spec.fields) {
    const required = field.required ? '（必填）' : field.defaultValue ? `（默认 ${field.defaultValue}）` : '（选填）';
    lines.push(`· ${field.name}${required}：${describeAcceptedForms(field)}`);
  }
  lines.push(`例：${spec.example}`);
  return lines.join('\n');
}
