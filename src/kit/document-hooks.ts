import type { Retention } from './numbering/format-numbers.js';

/** `归档 <ref>` (spec 2.5): the archive category and the retention period (保管期限). */
export interface ArchiveRequest {
  /** 类别, e.g. 文书; the org's default when absent */
  category?: string;
  retention: Retention;
}

/** `查找 <words>` (档案检索): the words, and the filters a person may add. */
export interface SearchQuery {
  words: string;
  /** 年度: only items of this year (received, drafted) */
  year?: number;
  /** 类型: only 收文 or only 发文 */
  kind?: '收文' | '发文';
  /** how many hits at most */
  limit: number;
}

/** One item found, newest first across workflows by `at`. */
export interface SearchHit {
  ref: string;
  /** the date it is sorted by: received (收文), drafted (发文) */
  at: Date;
  /** one line a phone shows: 「S12 收〔2026〕12号《…》 区教育局 教发〔2026〕8号 11-30」 */
  line: string;
}
