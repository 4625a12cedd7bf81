import type { StoredConversation } from '../kit/conversation-store.js';
import { REFERENCE_FIELD, referenceField } from './parse/reference-field.js';
import type { CommandSpec, FieldSpec, FieldValue, ParsedCommand } from '../kit/command-spec.js';

/** A command as far as it is known: what was understood so far, and what must still be asked. */
export interface CommandDraft {
  ref?: string;
  freeText: string;
  values: Record<string, FieldValue>;
  /** optional fields (or the reference) whose typed value was wrong: asked again although optional */
  recheck: string[];
}

export function draftFromParsed(parsed: ParsedCommand): CommandDraft {
  return {
    ...(parsed.ref !== undefined ? { ref: parsed.ref } : {}),
    freeText: parsed.freeText,
    values: parsed.values,
    recheck: parsed.problems.filter((problem) => problem.kind === 'field').map((problem) => problem.field),
  };
}

export function draftFromConversation(pending: StoredConversation): CommandDraft {
  return {
    ...(pending.ref !== undefined ? { ref: pending.ref } : {}),
    freeText: pending.freeText,
    values: pending.values,
    recheck: pending.recheck ?? [],
  };
}

/** The first field that needs an answer, in the order people read them: the reference, then the spec's fields. */
export function nextField(spec: CommandSpec, draft: CommandDraft): FieldSpec | undefined {
  const refField = referenceField(spec);
  if (refField && draft.ref === undefined && (refField.required || draft.recheck.includes(REFERENCE_FIELD)))
    return refField;
  return spec.fields.find(
    (field) => draft.values[field.name] === undefined && (field.required || draft.recheck.includes(field.name)),
  );
}

/** What `execute` receives: every value checked, nothing missing. */
export function completeCommand(spec: CommandSpec, draft: CommandDraft): ParsedCommand {
  return {
    spec,
    ...(draft.ref !== undefined ? { ref: draft.ref } : {}),
    freeText: draft.freeText,
    values: draft.values,
    missing: [],
    problems: [],
  };
}
