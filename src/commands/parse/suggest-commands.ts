import { distance } from 'fastest-levenshtein';
import type { CommandSpec } from '../../kit/command-spec.js';

/**
 * The commands closest to a message the bot did not understand (spec 2.5), best first. The first
 * word is compared with every keyword and alias: containment counts most (`印章` → 印章异常),
 * then edit distance relative to length, also against the word's start, because Chinese messages
 * often have no space after the command (`用章事由:…` → 用印). Always returns up to `limit`
 * commands when there are any, so the reply can offer something next to 帮助.
 */
export function suggestCommands(text: string, specs: CommandSpec[], limit = 3): CommandSpec[] {
  const word =
    text
      .trim()
      .replace(/^[/／]\s*/, '')
      .split(/[\s，,；;:：]/)[0]
      ?.toLowerCase() ?? '';
  return specs
    .map((spec, order) => ({
      spec,
      order,
      score: Math.min(...[spec.keyword, ...(spec.aliases ?? [])].map((c) => closeness(word, c.toLowerCase()))),
    }))
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, Math.max(0, limit))
    .map(({ spec }) => spec);
}

/** 0 is the same word, 1 has nothing in common. */
function closeness(word: string, candidate: string): number {
  if (word === '' || candidate === '') return 1;
  if (word === candidate) return 0;
  if (word.includes(candidate)) return 0.1;
  if (candidate.includes(word)) return 0.2 + 0.1 * (1 - word.length / candidate.length);
  const whole = distance(word, candidate) / Math.max(word.length, candidate.length);
  const start = distance(word.slice(0, candidate.length), candidate) / candidate.length + 0.05;
  return Math.min(whole, start);
}
