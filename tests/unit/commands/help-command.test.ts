import { describe, expect, it } from 'vitest';
import { helpCommand } from '../../../src/commands/builtin/help-command.js';
import { createCommandCatalog, type CommandCatalog } from '../../../src/commands/command-catalog.js';
import type { WorkflowModule } from '../../../src/kit/workflow-module.js';
import type { ActorContext } from '../../../src/kit/context.js';

function moduleWith(commandCount: number): WorkflowModule {
  return {
    id: 'many',
    title: '测试流程',
    refPrefixes: ['T'],
    commands: Array.from({ length: commandCount }, (_, index) => ({
      spec: {
        keyword: `命令${index}`,
        summary: '这是一条用于检查帮助长度的很长很长的命令说明文字',
        example: `命令${index} 字段:一个相当长的示例值 另一个字段:又一个示例值`,
        fields: [],
      },
      execute: async () => undefined,
    })),
    statusView: async () => undefined,
  };
}

async function helpText(commandCount: number): Promise<string> {
  let catalog: CommandCatalog | undefined;
  const help = helpCommand(() => catalog!);
  catalog = createCommandCatalog([help], [moduleWith(commandCount)]);
  let reply = '';
  const ctx = {
    reply: async (text: string) => {
      reply = text;
    },
  } as unknown as ActorContext;
  await help.execute(ctx, { spec: help.spec, freeText: '', values: {}, missing: [], problems: [] });
  return reply;
}

describe("帮助 stays inside WeCom's 2048-byte limit as commands are added", () => {
  it('lists examples while they fit', async () => {
    const text = await helpText(3);
    expect(text).toContain('例：命令2 字段');
  });

  it('drops the examples, then the summaries, before it would be cut', async () => {
    const withoutExamples = await helpText(20);
    expect(withoutExamples).not.toContain('例：');
    expect(withoutExamples).toContain('· 命令19：');
    expect(Buffer.byteLength(withoutExamples, 'utf8')).toBeLessThanOrEqual(2048);
    // then one line per workflow naming its commands, and one for the shared ones
    const keywordsOnly = await helpText(45);
    expect(keywordsOnly).toMatch(/^【测试流程】命令0、命令1、.*、命令44$/m);
    expect(keywordsOnly).toMatch(/^【通用】帮助、更多$/m);
    expect(keywordsOnly).not.toContain('命令44：');
    expect(Buffer.byteLength(keywordsOnly, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('falls back to the topics when even the keywords do not fit', async () => {
    const topics = await helpText(400);
    expect(topics).toContain('发送「帮助 主题」查看：测试流程');
    expect(Buffer.byteLength(topics, 'utf8')).toBeLessThanOrEqual(2048);
  });
});

describe('帮助 promises only what this build ships', () => {
  it('names the shipped workflows in its first line, and no others', async () => {
    const text = await helpText(2);
    expect(text.split('\n')[0]).toBe('校办助手目前可以办理：测试流程。');
    expect(text).not.toMatch(/收发文|会议|督办/);
  });
});
