/** Reference prefixes of spec 2.4, with what they name. */
export const REFERENCE_KINDS: Record<string, string> = {
  S: '收文',
  F: '发文',
  Y: '用印',
  H: '会议',
  R: '督办事项',
};

export const ALL_REF_PREFIXES = Object.keys(REFERENCE_KINDS);
