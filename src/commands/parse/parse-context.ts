import type { Directory } from '../../directory/types.js';

/** What the parser needs to know about the world: who is who, and when and where "now" is. */
export interface ParseContext {
  directory: Directory;
  /** the instant relative dates (明天, 3天后) are counted from; tests pass a fixed clock's value */
  now: Date;
  /** the organisation's IANA time zone, e.g. Asia/Shanghai; every wall-clock time is read in it */
  timezone: string;
}
