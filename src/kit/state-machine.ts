/**
 * The one workflow mechanism: a machine is data — states with Chinese labels, and named
 * transitions with the states they leave from and who may trigger them — and `planTransition` is a
 * pure decision that says where an event leads or, in words a person reads, why it cannot happen now
 * and what *they* can do instead. `applyTransition` (transition.ts) applies a plan as a
 * compare-and-set on the item's state and writes its audit record, so of two concurrent attempts
 * one wins and the record is never typed by hand.
 */
export interface MachineDefinition<State extends string, Event extends string> {
  /** e.g. '用印申请' */
  itemName: string;
  states: Record<State, { label: string; isFinal?: boolean }>;
  transitions: Record<Event, TransitionDefinition<State>>;
}

/**
 * Who may trigger a transition, as the item relates to the person: its requester, whoever holds its
 * current step, its keeper (the seal's), the office; `system` is the service itself (an approval
 * completing, a schedule, a seal suspended by another command).
 */
export type TransitionActor = 'requester' | 'holder' | 'keeper' | 'office' | 'system';

export interface TransitionDefinition<State extends string> {
  label: string;
  from: readonly State[];
  to: State;
  /** default: only the system */
  by?: readonly TransitionActor[];
}

export type TransitionPlan<State extends string> =
  { isAllowed: true; from: State; to: State; action: string } | { isAllowed: false; reason: string };

export function planTransition<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  current: State,
  event: Event,
  itemRef: string,
  /** how the person asking relates to the item; without it, every transition a person may trigger is named */
  relations?: ReadonlySet<TransitionActor>,
): TransitionPlan<State> {
  const transition = machine.transitions[event];
  if (transition.from.includes(current)) return { isAllowed: true, from: current, to: transition.to, action: event };
  const state = machine.states[current];
  const possible = possibleActions(machine, current, relations);
  const now = state.isFinal
    ? '它已经办结，不能再更改。'
    : possible.length > 0
      ? `您现在可以：${possible.join('、')}。`
      : '现在不需要您处理。';
  return { isAllowed: false, reason: `${itemRef} 当前状态为「${state.label}」，不能「${transition.label}」。${now}` };
}

/**
 * What can be done to an item in `current` by someone with these relations to it (transitions only
 * the system makes are never offered to a person). Without relations: by anyone who is not the system.
 */
export function possibleActions<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  current: State,
  relations?: ReadonlySet<TransitionActor>,
): string[] {
  const labels = Object.values<TransitionDefinition<State>>(machine.transitions)
    .filter((transition) => transition.from.includes(current))
    .filter((transition) =>
      (transition.by ?? ['system']).some((actor) => actor !== 'system' && (!relations || relations.has(actor))),
    )
    .map((transition) => transition.label);
  return [...new Set(labels)];
}

export function stateLabel<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  state: string,
): string {
  return (machine.states as Record<string, { label: string }>)[state]?.label ?? state;
}
