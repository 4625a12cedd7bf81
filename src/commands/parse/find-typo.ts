import { distance } from 'fastest-levenshtein';
import type { CommandSpec } from '../../kit/command-spec.js';
import { endsKeyword, restAfterKeyword, type CommandMatch } from './match-command.js';

const STARTS_WITH_REFERENCE = /^[A-Za-z]\d+(?![0-9])/;

/**
 * The command a message was meant to start with when its keyword is one letter off (我的代办, 查寻,
 * 用引): a leading word at edit distance 1 from a keyword or alias, ending where a keyword may end.
 * Only when exactly one command fits (or one of those that fit takes the reference typed after it): a word that also lies inside another command's keyword
 * (印章 is in 印章异常 and 印章恢复) is ambiguous, and the person is offered the closest commands.
 * Keywords shorter than two characters (`?`) are never guessed at.
 */
export function findTypo(text: string, specs: CommandSpec[]): CommandMatch | undefined {
  const chars = [...text.trim().replace(/^[/／]\s*/, '')];
  const fits = new Map<CommandSpec, string>();
  const typedWords = new Set<string>();
  for (const spec of specs) {
    for (const word of [spec.keyword, ...(spec.aliases ?? [])].map((w) => w.toLowerCase())) {
      const length = [...word].length;
      if (length < 2) continue;
      for (const typedLength of [length, length - 1, length + 1]) {
        if (typedLength < 2 || typedLength > chars.length) continue;
        const typed = chars.slice(0, typedLength).join('');
        // a word is what stands before the first space or separator: `查 Y12` is not 查询 misspelt
        if (/[\s，,；;:：]/.test(typed) || distance(typed.toLowerCase(), word) !== 1) continue;
        const after = chars.slice(typedLength).join('');
        if (!endsKeyword(after, spec)) continue;
        if (!fits.has(spec)) fits.set(spec, restAfterKeyword(after));
        typedWords.add(typed.toLowerCase());
      }
    }
  }
  // 查寻 Y1 is one letter from 查询 and from 查找: a reference after it says which was meant
  if (fits.size > 1) {
    for (const [candidate, rest] of fits)
      if (!candidate.ref || !STARTS_WITH_REFERENCE.test(rest)) fits.delete(candidate);
  }
  if (fits.size !== 1) return undefined;
  const [[spec, rest]] = [...fits] as [[CommandSpec, string]];
  const otherWords = specs
    .filter((other) => other !== spec)
    .flatMap((other) => [other.keyword, ...(other.aliases ?? [])])
    .map((word) => word.toLowerCase())
    .filter((word) => [...word].length >= 2);
  const isInsideAnother = otherWords.some((word) =>
    [...typedWords].some((typed) => word.includes(typed) || typed.includes(word)),
  );
  return isInsideAnother ? undefined : { spec, rest };
}
