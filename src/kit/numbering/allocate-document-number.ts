import type { DocumentSeriesInfo, OrgConfig } from '../../directory/types.js';
import { refusal } from '../../shared/errors.js';
import { clip } from '../../shared/text.js';
import type { BaseContext } from '../context.js';
import { allocateNumber } from './allocate-number.js';
import { formatDocumentNumber } from './format-numbers.js';
import { documentNumberScope, orgYear } from './number-scopes.js';
import type { OfficialNumber } from './official-number.js';

/**
 * 发文字号 `校发〔2026〕3号`: the next in the series (its id or prefix, as the org file's
 * `document_series` gives them) and the organisation's current year, at sign-off (spec 3.3).
 */
export async function allocateDocumentNumber(ctx: BaseContext, series: string): Promise<OfficialNumber> {
  const { id, prefix } = findDocumentSeries(ctx.directory.config, series);
  const year = orgYear(ctx.clock.now(), ctx.timezone);
  const scope = documentNumberScope(id, year);
  const number = await allocateNumber(ctx, scope);
  return { scope, number, text: formatDocumentNumber(prefix, year, number) };
}

/** The series named by its id or prefix; otherwise a refusal naming the series that exist. Pure. */
export function findDocumentSeries(config: OrgConfig, idOrPrefix: string): DocumentSeriesInfo {
  const found = config.documentSeries.find((series) => series.id === idOrPrefix || series.prefix === idOrPrefix);
  if (found) return found;
  if (config.documentSeries.length === 0)
    throw refusal('INVALID_INPUT', '组织文件中还没有发文字号系列（document_series），请综合办公室先添加。');
  const existing = config.documentSeries.map((series) => series.prefix).join('、');
  throw refusal('INVALID_INPUT', `没有「${clip(idOrPrefix, 20)}」这个发文字号系列。现有：${existing}。`);
}
