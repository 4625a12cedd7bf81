import type { CommandSpec } from '../../kit/command-spec.js';
import { readLeadingReference } from './parse-reference.js';
import { fieldLabelPattern } from './split-fields.js';

export interface CommandMatch {
  spec: CommandSpec;
  /** the message after the keyword, trimmed */
  rest: string;
}

/**
 * Finds the command a message starts with: its keyword or an alias (aliases case-insensitive,
 * `help` = `HELP`), after optional whitespace and a `/`. The longest keyword wins, so `已用印 Y3`
 * is 已用印 and never 用印. A keyword must end there: at the end, before whitespace or a separator,
 * or run straight into a field (`用印事由:…`) or a reference (`查询Y12`); `todolist` is not `todo`.
 */
export function matchCommand(text: string, specs: CommandSpec[]): CommandMatch | undefined {
  const message = text.trim().replace(/^[/／]\s*/, '');
  const candidates = specs
    .flatMap((spec) => [spec.keyword, ...(spec.aliases ?? [])].map((word) => ({ spec, word })))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { spec, word } of candidates) {
    if (message.slice(0, word.length).toLowerCase() !== word.toLowerCase()) continue;
    const after = message.slice(word.length);
    if (endsKeyword(after, spec)) return { spec, rest: restAfterKeyword(after) };
  }
  return undefined;
}

/** The message after a keyword, without the separator people put after it. */
export function restAfterKeyword(after: string): string {
  return after.replace(/^[\s，,；;:：]+/, '').trim();
}

/** Can a keyword end where `after` starts: at the end, before a separator, a reference or a field? */
export function endsKeyword(after: string, spec: CommandSpec): boolean {
  if (after === '' || /^[\s，,；;:：]/.test(after)) return true;
  if (spec.ref && readLeadingReference(after, spec.ref.prefixes)?.kind === 'ref') return true;
  const label = fieldLabelPattern(spec.fields, 'i').exec(after);
  return label?.index === 0;
}
