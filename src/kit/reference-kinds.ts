/** Reference prefixes of spec 2.4, with what they name. */
const KINDS = {
  S: '收文',
  F: '发文',
  Y: '用印',
  H: '会议',
  R: '督办事项',
} as const;

/** 收文 S, 发文 F, 用印 Y, 会议 H, 督办事项 R. */
export type ReferenceKind = keyof typeof KINDS;

/** Looked up by the first letter of whatever a person typed. */
export const REFERENCE_KINDS: Record<string, string> = KINDS;

export const ALL_REF_PREFIXES = Object.keys(REFERENCE_KINDS);
