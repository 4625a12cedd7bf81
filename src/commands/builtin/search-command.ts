import { defineCommand, field } from '../../kit/define-command.js';
import type { SearchHit } from '../../kit/document-hooks.js';
import { searchedLength } from '../../kit/document-search.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import type { CommandCatalog } from '../command-catalog.js';

/** how many hits one reply lists (a phone screen); more means the words should be narrower */
export const SEARCH_SHOWN = 10;

const KINDS = ['收文', '发文'] as const;

/**
 * `查找 <words> [年度:2026] [类型:收文|发文]` (档案检索, issue 12): asks every workflow that can be
 * searched (WorkflowModule.search), each returning only what the sender may see, and lists the
 * newest {@link SEARCH_SHOWN} hits first. The catalog has it only when some workflow can be
 * searched. Not paged with 「更多」: a page (reply_page) remembers the command and the offset, not
 * the words; past ten hits the reply says how to narrow the search instead.
 */
export function searchCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '查找',
      aliases: ['search', '检索'],
      summary: '按标题、来文单位、来文字号、文号或编号查找公文',
      example: '查找 期末考试 年度:2026 类型:收文',
      freeText: 'required',
      isReadOnly: true,
    },
    fields: {
      年度: field.text({ question: '查找哪一年的？' }),
      类型: field.choice(KINDS, { question: '查找收文还是发文？' }),
    },
    async execute(ctx, { freeText, values }) {
      const words = freeText.trim();
      if (searchedLength(words) < 2)
        throw refusal(
          'INVALID_INPUT',
          `「${clip(words, 30)}」太短了，请至少写两个字，例如「查找 期末考试」或「查找 S12」。`,
        );
      const year = values.年度 === undefined ? undefined : readYear(values.年度);
      const searchable = getCatalog().modules.filter((module) => module.search);

      const query = { words, ...(year ? { year } : {}), ...(values.类型 ? { kind: values.类型 } : {}) };
      const hits: SearchHit[] = [];
      // one more than shown, to know whether there are more
      for (const module of searchable) hits.push(...(await module.search!(ctx, { ...query, limit: SEARCH_SHOWN + 1 })));
      hits.sort((a, b) => b.at.getTime() - a.at.getTime() || b.ref.localeCompare(a.ref, 'en', { numeric: true }));

      const filters = [year ? `${year}年` : '', values.类型 ?? ''].filter(Boolean).join('');
      const what = `「${clip(words, 30)}」${filters ? `（${filters}）` : ''}`;
      if (hits.length === 0) {
        await ctx.reply(
          `没有找到与${what}相符、您可以查看的公文。可以换个词，或用编号（S12、F3）、收文编号、文号、来文字号查找。`,
        );
        return;
      }
      const shown = hits.slice(0, SEARCH_SHOWN);
      const header =
        hits.length > SEARCH_SHOWN
          ? `查找${what}：超过${SEARCH_SHOWN}项，列出最新的${SEARCH_SHOWN}项`
          : `查找${what}：找到${hits.length}项，最新的在前`;
      const closing =
        hits.length > SEARCH_SHOWN
          ? '可以加上「年度:2026」「类型:收文」或写得更具体些，缩小范围。'
          : `发送「查询 ${shown[0]!.ref}」查看详情。`;
      await ctx.reply([header, ...shown.map((hit) => hit.line), closing].join('\n'));
    },
  });
}

/** 年度: `2026` or `2026年`. */
function readYear(text: string): number {
  const match = /^(\d{4})\s*年?$/u.exec(text.trim());
  if (!match) throw refusal('INVALID_INPUT', `年度「${clip(text, 20)}」看不懂，请写四位年份，例如「年度:2026」。`);
  return Number(match[1]);
}
