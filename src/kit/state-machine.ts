/**
 * The one workflow mechanism: a machine is data — states with Chinese labels, and named
 * transitions with the states they leave from — and `planTransition` is a pure decision that says
 * where an event leads or, in words a person reads, why it cannot happen now. Workflows apply the
 * decision with a compare-and-set on the item's state, so of two concurrent attempts one wins.
 */
export interface MachineDefinition<State extends string, Event extends string> {
  /** e.g. '用印申请' */
  itemName: string;
  states: Record<State, { label: string; isFinal?: boolean }>;
  transitions: Record<Event, { label: string; from: readonly State[]; to: State }>;
}

export type TransitionPlan<State extends string> =
  { isAllowed: true; from: State; to: State } | { isAllowed: false; reason: string };

export function planTransition<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  current: State,
  event: Event,
  itemRef: string,
): TransitionPlan<State> {
  const transition = machine.transitions[event];
  if (transition.from.includes(current)) return { isAllowed: true, from: current, to: transition.to };
  const possible = possibleActions(machine, current);
  const now = possible.length > 0 ? `现在可以：${possible.join('、')}。` : '它已经办结，不能再更改。';
  return {
    isAllowed: false,
    reason: `${itemRef} 当前状态为「${machine.states[current].label}」，不能「${transition.label}」。${now}`,
  };
}

export function possibleActions<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  current: State,
): string[] {
  return Object.values<{ label: string; from: readonly State[] }>(machine.transitions)
    .filter((transition) => transition.from.includes(current))
    .map((transition) => transition.label);
}

export function stateLabel<State extends string, Event extends string>(
  machine: MachineDefinition<State, Event>,
  state: string,
): string {
  return (machine.states as Record<string, { label: string }>)[state]?.label ?? state;
}
