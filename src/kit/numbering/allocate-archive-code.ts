import type { ArchiveConfig, DepartmentInfo } from '../../directory/types.js';
import { refusal } from '../../shared/errors.js';
import type { BaseContext } from '../context.js';
import { allocateNumber } from './allocate-number.js';
import { formatArchiveCode, type Retention } from './format-numbers.js';
import { archiveCodeScope, orgYear } from './number-scopes.js';
import type { OfficialNumber } from './official-number.js';

export interface ArchiveCodeRequest {
  /** the department the document is filed under (its 机构代码 comes from the org file) */
  departmentId: string;
  retention: Retention;
  /** 年度, the year the document was formed; default the organisation's current year */
  year?: number;
}

/**
 * 档号 per DA/T 22 (spec 2.4), at 归档: `0194-WS·2026-D30-BGS-0007`, the 件号 the next within
 * 年度 + 保管期限 + 机构. Without `archive` in the org file there is neither 全宗号 nor 机构代码, so
 * the code starts at the 门类 code and counts per 年度 + 保管期限 (`WS·2026-D30-0007`).
 */
export async function allocateArchiveCode(ctx: BaseContext, request: ArchiveCodeRequest): Promise<OfficialNumber> {
  const archive = ctx.directory.config.archive;
  const department = ctx.directory.department(request.departmentId) ?? {
    id: request.departmentId,
    name: request.departmentId,
  };
  const departmentCode = archive && departmentCodeOf(archive, department);
  const year = request.year ?? orgYear(ctx.clock.now(), ctx.timezone);
  const scope = archiveCodeScope(year, request.retention, departmentCode);
  const number = await allocateNumber(ctx, scope);
  const text = formatArchiveCode({
    fonds: archive?.fonds,
    year,
    retention: request.retention,
    departmentCode,
    itemNumber: number,
  });
  return { scope, number, text };
}

/** The department's 机构代码; a department without one is a refusal the office can act on. Pure. */
export function departmentCodeOf(archive: ArchiveConfig, department: Pick<DepartmentInfo, 'id' | 'name'>): string {
  const code = archive.departmentCodes[department.id];
  if (code !== undefined) return code;
  throw refusal(
    'CONFLICT',
    `「${department.name}」还没有机构代码，暂不能编档号。请综合办公室在组织文件的 archive.department_codes 中添加 ${department.id} 的代码。`,
  );
}
