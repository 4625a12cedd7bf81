import { normalizeWidth } from './normalize-width.js';

/** One name as typed; `isMention` when it came as @name, which always means a person. */
export interface NameToken {
  text: string;
  isMention: boolean;
}

/**
 * Splits `@王芳 @李明`, `@王芳@李明`, `王芳、李明`, `王芳,李明；教务处` into names. Chinese names
 * have no spaces, and WeCom puts a (sometimes unusual) space after each @mention, so any
 * whitespace separates. Duplicates are dropped, first occurrence kept.
 */
export function splitNameTokens(raw: string): NameToken[] {
  const tokens: NameToken[] = [];
  const seen = new Set<string>();
  for (const piece of normalizeWidth(raw).split(/[\s、,，;；]+/)) {
    for (const part of piece.split(/(?=@)/)) {
      const isMention = part.startsWith('@');
      const text = part.replace(/^@+/, '').trim();
      if (text === '' || seen.has(text)) continue;
      seen.add(text);
      tokens.push({ text, isMention });
    }
  }
  return tokens;
}
