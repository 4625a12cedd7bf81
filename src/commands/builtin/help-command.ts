import { MAX_TEXT_BYTES } from '../../outbox/enqueue-message.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import type { ActorContext } from '../../kit/context.js';
import type { CommandCatalog } from '../command-catalog.js';
import { describeAcceptedForms } from '../parse/describe-field.js';
import { describeRoles } from '../../directory/role-names.js';
import { specForRoles, type CommandSpec } from '../../kit/command-spec.js';

/** `帮助 [主题]`: every command with an example, or one command in detail. */
export function helpCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return {
    spec: {
      keyword: '帮助',
      aliases: ['help', '?', '？'],
      summary: '列出全部命令；「帮助 用印」查看某个命令的详细用法',
      example: '帮助 用印',
      freeText: 'optional',
      isReadOnly: true,
      fields: [],
    },
    async execute(ctx, command) {
      const catalog = getCatalog();
      const examples = await exampleWriter(ctx, catalog);
      const topic = command.freeText.trim();
      if (topic) {
        const spec = catalog.specs.find(
          (candidate) => candidate.keyword === topic || candidate.aliases?.includes(topic),
        );
        const module = catalog.modules.find((candidate) => candidate.title === topic);
        if (spec) {
          // a workflow named like its first command (收文, 用印): the command, then the workflow's other commands and flow
          const others = module?.commands.filter((c) => c.spec !== spec).map((c) => c.spec.keyword) ?? [];
          const flow = module
            ? [
                ...(others.length > 0 ? [`【${module.title}】其他命令：${others.join('、')}`] : []),
                module.helpText ?? '',
              ]
            : [];
          await ctx.reply(
            withNote([describeCommand(spec, catalog, ctx, examples), ...flow].join('\n').trim(), examples),
          );
          return;
        }
        if (module) {
          const lines = module.commands.map(
            (c) => `· ${c.spec.keyword}：${c.spec.summary}\n  例：${examples.write(c.spec.example)}`,
          );
          await ctx.reply(
            withNote([`【${module.title}】`, ...lines, module.helpText ?? ''].join('\n').trim(), examples),
          );
          return;
        }
      }
      // only what this build ships: the titles of its workflows, never the ones still to come
      const titles = catalog.modules.map((module) => module.title).join('、');
      const intro = topic ? `没有找到「${topic}」的说明。` : `校办助手目前可以办理：${titles}。`;
      await ctx.reply(commandList(catalog, intro, examples));
    },
  };
}

const OUTRO = '字段写成「名称:值」，用空格或逗号分隔；发送「帮助 命令名」查看详细用法。';

/**
 * Writes examples that name only references that exist: the asker's own newest one of that kind
 * (Y5), else the form 「编号」 with one note saying where to find it.
 */
interface ExampleWriter {
  write(example: string): string;
  /** 「编号如 Y3，见提交时的回复。」 once some example needed it */
  note(): string | undefined;
}

const REFERENCE_IN_EXAMPLE = /(?<![A-Za-z0-9])([A-Za-z])(\d+)(?![0-9])/g;

async function exampleWriter(ctx: ActorContext, catalog: CommandCatalog): Promise<ExampleWriter> {
  const ownRefs = new Map<string, string>();
  for (const module of catalog.modules) {
    const ref = await module.newestRef?.(ctx);
    if (ref) for (const prefix of module.refPrefixes) ownRefs.set(prefix.toUpperCase(), ref);
  }
  const shipped = catalog.modules.flatMap((module) => module.refPrefixes);
  let needsNote = false;
  return {
    write: (example) =>
      example.replace(REFERENCE_IN_EXAMPLE, (_whole, prefix: string) => {
        const own = ownRefs.get(prefix.toUpperCase());
        if (own) return own;
        needsNote = true;
        return '编号';
      }),
    note: () => (needsNote ? `编号如 ${(shipped[0] ?? 'Y').toUpperCase()}3，见提交时的回复。` : undefined),
  };
}

function withNote(text: string, examples: ExampleWriter): string {
  const note = examples.note();
  return note ? `${text}\n${note}` : text;
}

/**
 * Every command with an example; when that would pass WeCom's 2048-byte limit (as the workflows
 * grow), every command without examples, and failing that the workflows as topics — never cut off.
 */
function commandList(catalog: CommandCatalog, intro: string, examples: ExampleWriter): string {
  const who = (spec: CommandSpec): string => (spec.roles ? `（${describeRoles(spec.roles)}）` : '');
  const withExamples = catalog.specs.map(
    (spec) => `· ${spec.keyword}${who(spec)}：${spec.summary}\n  例：${examples.write(spec.example)}`,
  );
  const candidates: Array<[string[], string | undefined]> = [
    [withExamples, examples.note()],
    [catalog.specs.map((spec) => `· ${spec.keyword}${who(spec)}：${spec.summary}`), undefined],
    [groupedByWorkflow(catalog), undefined],
  ];
  for (const [lines, note] of candidates) {
    const text = [intro, '可用命令：', ...lines, ...(note ? [note] : []), OUTRO].join('\n');
    if (Buffer.byteLength(text, 'utf8') <= MAX_TEXT_BYTES) return text;
  }
  return `${intro}\n发送「帮助 主题」查看：${catalog.modules.map((module) => module.title).join('、')}\n${OUTRO}`;
}

/**
 * One line per workflow with its command names, and one for the commands every workflow shares:
 * with five workflows a phone screen holds this, not a summary per command.
 */
function groupedByWorkflow(catalog: CommandCatalog): string[] {
  const own = new Set(catalog.modules.flatMap((module) => module.commands.map((command) => command.spec.keyword)));
  const common = catalog.specs.filter((spec) => !own.has(spec.keyword)).map((spec) => spec.keyword);
  return [
    ...catalog.modules.map(
      (module) => `【${module.title}】${module.commands.map((command) => command.spec.keyword).join('、')}`,
    ),
    `【通用】${common.join('、')}`,
  ];
}

function describeCommand(
  spec: CommandSpec,
  catalog: CommandCatalog,
  ctx: ActorContext,
  examples: ExampleWriter,
): string {
  const lines = [`【${spec.keyword}】${spec.summary}`];
  if (spec.aliases?.length) lines.push(`也可以写：${spec.aliases.join('、')}`);
  if (spec.roles) lines.push(`谁可以用：${describeRoles(spec.roles)}`);
  if (spec.ref) {
    const shipped = spec.ref.prefixes.filter((prefix) =>
      catalog.modules.some((module) => module.refPrefixes.includes(prefix.toUpperCase())),
    );
    lines.push(`后面写编号（${(shipped.length > 0 ? shipped : spec.ref.prefixes).join('、')} 开头，见提交时的回复）`);
  }
  for (const field of specForRoles(spec, ctx.actor.roles).fields) {
    const required = field.required ? '（必填）' : field.defaultValue ? `（默认 ${field.defaultValue}）` : '（选填）';
    lines.push(`· ${field.name}${required}：${describeAcceptedForms(field, ctx.directory)}`);
  }
  lines.push(`例：${examples.write(spec.example)}`);
  return lines.join('\n');
}
