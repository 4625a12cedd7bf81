import { DateTime } from 'luxon';
import type { DepartmentInfo, PersonInfo, SealInfo } from '../directory/types.js';
import { refusal } from '../shared/errors.js';
import type { CommandSpec, FieldKind, FieldSpec, FieldValue, ParsedCommand } from './command-spec.js';
import type { ActorContext, BaseContext } from './context.js';
import type { WorkflowCommand } from './workflow-module.js';

/**
 * A field as a command declares it: the parser's spec (kind, aliases, question, …) and how the
 * value the parser stored becomes what the handler gets — a count is a number, a seal is a seal,
 * people are people, a time is a Luxon DateTime in the organisation's zone. `R` says whether the
 * field is required, so the handler's type knows which values are always there.
 */
export interface FieldDef<V, R extends boolean> {
  readonly spec: Omit<FieldSpec, 'name'>;
  /** undefined when the stored value no longer resolves (a seal or person gone from the org file) */
  readonly toValue: (stored: FieldValue, ctx: BaseContext) => V | undefined;
  /** phantom: only its type matters */
  readonly isRequired?: R;
}

type AnyField = FieldDef<unknown, boolean>;
type ValueOf<F> = F extends FieldDef<infer V, boolean> ? V : never;
type RequiredKeys<F> = { [K in keyof F]: F[K] extends FieldDef<unknown, true> ? K : never }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;

/** The handler's values: required fields always present, optional ones maybe. */
export type FieldValues<F extends Record<string, AnyField>> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & {
  [K in OptionalKeys<F>]?: ValueOf<F[K]>;
};

/** What a handler receives: the reference (when the command takes one), free text, typed values. */
export interface TypedCommand<F extends Record<string, AnyField>, Ref> {
  ref: Ref;
  freeText: string;
  values: FieldValues<F>;
}

type Options<R extends boolean> = Omit<FieldSpec, 'name' | 'kind' | 'required' | 'options' | 'refPrefixes'> & {
  required?: R;
};

function define<V, R extends boolean>(
  kind: FieldKind,
  options: Options<R> & Partial<Pick<FieldSpec, 'options' | 'refPrefixes'>>,
  toValue: FieldDef<V, R>['toValue'],
): FieldDef<V, R> {
  return { spec: { ...options, kind }, toValue };
}

const asString = (stored: FieldValue): string | undefined => (typeof stored === 'string' ? stored : undefined);
const asNumber = (stored: FieldValue): number | undefined => (typeof stored === 'number' ? stored : undefined);
const asTime = (stored: FieldValue, ctx: BaseContext): DateTime | undefined =>
  stored instanceof Date ? DateTime.fromJSDate(stored, { zone: ctx.timezone }) : undefined;
const asIds = (stored: FieldValue): string[] => (Array.isArray(stored) ? stored : []);
const allOrNothing = <T>(items: (T | undefined)[]): T[] | undefined =>
  items.every((item) => item !== undefined) ? (items as T[]) : undefined;
const person = (userId: string, ctx: BaseContext): PersonInfo | undefined => ctx.directory.person(userId);
const department = (id: string, ctx: BaseContext): DepartmentInfo | undefined => ctx.directory.department(id);

/** The field kinds of spec 2.5, each with the type its handler gets. */
export const field = {
  text: <const R extends boolean = false>(options: Options<R> = {}) => define<string, R>('text', options, asString),
  /** a positive whole number (份数) */
  count: <const R extends boolean = false>(options: Options<R> = {}) => define<number, R>('int', options, asNumber),
  /** a day and time, in the organisation's zone */
  datetime: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<DateTime, R>('datetime', options, asTime),
  /** a day (its start), in the organisation's zone */
  date: <const R extends boolean = false>(options: Options<R> = {}) => define<DateTime, R>('date', options, asTime),
  /** whole minutes */
  duration: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<number, R>('duration', options, asNumber),
  person: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<PersonInfo, R>('person', options, (stored, ctx) =>
      typeof stored === 'string' ? person(stored, ctx) : undefined,
    ),
  people: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<PersonInfo[], R>('people', options, (stored, ctx) =>
      allOrNothing(asIds(stored).map((id) => person(id, ctx))),
    ),
  department: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<DepartmentInfo, R>('department', options, (stored, ctx) =>
      typeof stored === 'string' ? department(stored, ctx) : undefined,
    ),
  departments: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<DepartmentInfo[], R>('departments', options, (stored, ctx) =>
      allOrNothing(asIds(stored).map((id) => department(id, ctx))),
    ),
  /** 参会: people and/or departments */
  peopleOrDepartments: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<{ people: PersonInfo[]; departments: DepartmentInfo[] }, R>(
      'people_or_departments',
      options,
      (stored, ctx) => {
        if (typeof stored !== 'object' || stored instanceof Date || Array.isArray(stored)) return undefined;
        const people = allOrNothing(stored.userIds.map((id) => person(id, ctx)));
        const departments = allOrNothing(stored.departmentIds.map((id) => department(id, ctx)));
        return people && departments ? { people, departments } : undefined;
      },
    ),
  /** one of `choices` */
  choice: <const C extends string, const R extends boolean = false>(choices: readonly C[], options: Options<R> = {}) =>
    define<C, R>('enum', { ...options, options: [...choices] }, (stored) =>
      (choices as readonly string[]).includes(String(stored)) ? (stored as C) : undefined,
    ),
  /** an item reference with one of `prefixes` (关联:F3), upper case */
  reference: <const R extends boolean = false>(prefixes: string[], options: Options<R> = {}) =>
    define<string, R>('reference', { ...options, refPrefixes: prefixes }, asString),
  /** a seal of the org file, by name, id or alias (公章 for 校章) */
  seal: <const R extends boolean = false>(options: Options<R> = {}) =>
    define<SealInfo, R>('seal', options, (stored, ctx) =>
      typeof stored === 'string' ? ctx.directory.seal(stored) : undefined,
    ),
};

type RefOf<S> = S extends { ref: { required: true } }
  ? string
  : S extends { ref: object }
    ? string | undefined
    : undefined;

/**
 * A command whose handler gets typed values. The spec's fields are the record's keys, in order
 * (the names people type: 事由, 份数); the router and the parser see an ordinary
 * {@link WorkflowCommand}. A value that no longer resolves when the command runs (the org file was
 * reloaded while a question waited) is a refusal asking to send the command again.
 */
export function defineCommand<
  const S extends Omit<CommandSpec, 'fields'>,
  const F extends Record<string, AnyField>,
>(definition: {
  spec: S;
  fields: F;
  authorize?(
    ctx: ActorContext,
    command: { ref: RefOf<S>; freeText: string },
  ): Promise<{ abandonedNote?: string } | void>;
  execute(ctx: ActorContext, command: TypedCommand<F, RefOf<S>>): Promise<void>;
  showPage?(ctx: ActorContext, offset: number): Promise<void>;
}): WorkflowCommand {
  const spec: CommandSpec = {
    ...definition.spec,
    fields: Object.entries(definition.fields).map(([name, def]) => ({ name, ...def.spec })),
  };
  const { authorize, showPage } = definition;
  return {
    spec,
    ...(authorize
      ? {
          authorize: (ctx: ActorContext, parsed: ParsedCommand) =>
            authorize(ctx, { ref: parsed.ref as RefOf<S>, freeText: parsed.freeText }),
        }
      : {}),
    async execute(ctx, parsed) {
      await definition.execute(ctx, {
        ref: parsed.ref as RefOf<S>,
        freeText: parsed.freeText,
        values: typedValues(spec, definition.fields, parsed.values, ctx),
      });
    },
    ...(showPage ? { showPage } : {}),
  };
}

function typedValues<F extends Record<string, AnyField>>(
  spec: CommandSpec,
  fields: F,
  stored: Record<string, FieldValue>,
  ctx: ActorContext,
): FieldValues<F> {
  const values: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(fields)) {
    const raw = stored[name];
    if (raw === undefined) continue;
    const value = def.toValue(raw, ctx);
    if (value === undefined)
      throw refusal(
        'INVALID_INPUT',
        `「${spec.keyword}」的「${name}」已经对不上（组织架构刚刚更新过），请重新发送「${spec.keyword}」。`,
      );
    values[name] = value;
  }
  return values as FieldValues<F>;
}
