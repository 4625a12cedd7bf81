import { defineCommand, field } from '../../kit/define-command.js';
import { RETENTION_CODES, type Retention } from '../../kit/numbering/format-numbers.js';
import { REFERENCE_KINDS } from '../../kit/reference-kinds.js';
import type { WorkflowCommand } from '../../kit/workflow-module.js';
import { refusal } from '../../shared/errors.js';
import type { CommandCatalog } from '../command-catalog.js';

const RETENTIONS = Object.keys(RETENTION_CODES) as Retention[];

/**
 * `归档 <S或F编号> 保管期限:30年` (spec 2.4, 2.5): a handled document gets its 档号 (DA/T 22). The
 * workflow that owns the reference's prefix files it (`archive`); the office and the archivist may.
 */
export function archiveCommand(getCatalog: () => CommandCatalog): WorkflowCommand {
  return defineCommand({
    spec: {
      keyword: '归档',
      aliases: ['立卷'],
      summary: '把办结的收文或已分发的发文归档，分配档号（写明保管期限）',
      example: '归档 S3 类别:文书 保管期限:30年',
      roles: ['office', 'office_director', 'archivist', 'admin'],
      ref: { prefixes: ['S', 'F'], required: true, question: '要归档哪一份文件（S 或 F 开头的编号）？' },
      freeText: 'none',
    },
    fields: {
      类别: field.text({ aliases: ['档案类别', '门类'], defaultValue: '文书' }),
      保管期限: field.choice(RETENTIONS, { aliases: ['期限'], required: true, question: '保管期限是多少？' }),
    },
    async execute(ctx, { ref, values }) {
      const itemRef = ref.toUpperCase();
      const module = getCatalog().moduleForRef(itemRef);
      if (!module?.archive)
        throw refusal(
          'NOT_ALLOWED',
          `${REFERENCE_KINDS[itemRef[0]!] ?? '这类事项'}功能尚未开通，不能归档 ${itemRef}。`,
        );
      await module.archive(ctx, itemRef, {
        retention: values.保管期限,
        ...(values.类别 ? { category: values.类别 } : {}),
      });
    },
  });
}
