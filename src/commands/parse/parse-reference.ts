import { normalizeWidth } from './normalize-width.js';

/** What a leading reference-looking token turned out to be. */
export type LeadingReference =
  { kind: 'ref'; ref: string; length: number } | { kind: 'not_accepted'; token: string; length: number } | undefined;

// letters then digits, not run into more letters or digits: Y12 in `Y12 份数:3` and in `S3同意`
const REFERENCE = /^([A-Za-zＡ-Ｚａ-ｚ]+)\s*([0-9０-９]+)(?![A-Za-z0-9Ａ-Ｚａ-ｚ０-９])/;

/**
 * Reads an item reference (spec 2.4) at the start of `text`, case-insensitively: `y12` is `Y12`,
 * `Y012` is `Y12`. `prefixes` are the item kinds this place accepts.
 */
export function readLeadingReference(text: string, prefixes: string[]): LeadingReference {
  const match = text.match(REFERENCE);
  if (!match) return undefined;
  const prefix = normalizeWidth(match[1] ?? '').toUpperCase();
  const number = Number(normalizeWidth(match[2] ?? ''));
  const accepted = prefixes.length === 0 || prefixes.some((p) => p.toUpperCase() === prefix);
  if (!accepted || number <= 0) return { kind: 'not_accepted', token: match[0], length: match[0].length };
  return { kind: 'ref', ref: `${prefix}${number}`, length: match[0].length };
}

/** A whole value that must be one reference, e.g. the 关联 field. */
export function parseReference(raw: string, prefixes: string[]): string | undefined {
  const text = raw.trim();
  const reading = readLeadingReference(text, prefixes);
  return reading?.kind === 'ref' && reading.length === text.length ? reading.ref : undefined;
}
