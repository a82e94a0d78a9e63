import type { CalendarDate } from './dates';

/** An event as the domain sees it: a type and its payload. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** An event read back from the log, with the id its envelope gave it. */
export type StoredEvent<E extends DomainEvent = DomainEvent> = E & { eventId: string };

/** What every command carries besides its payload: time arrives inside the command, never from a clock. */
export interface CommandBase<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
  /** The current date in the programme's time zone. */
  today: CalendarDate;
}

/**
 * A pure decider: `decide` turns a command and the current state into new events (or throws a
 * PairtrailError); `evolve` folds one stored event into the state.
 */
export interface Decider<C, E extends DomainEvent, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: StoredEvent<E>): S;
  initialState(): S;
  /**
   * Optional: the same state as `evolve` over the events one by one, computed at once. For a state that
   * keeps a list of its events, one at a time copies the list on every event.
   */
  evolveMany?(state: S, events: readonly StoredEvent<E>[]): S;
}

/** Evolves a state by several events, at once where the decider can. */
export function evolveAll<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, state: S, events: readonly StoredEvent<E>[]): S {
  if (decider.evolveMany) return events.length === 0 ? state : decider.evolveMany(state, events);
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Folds events into a state with a decider's `evolve`. */
export function fold<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, events: Iterable<StoredEvent<E>>): S {
  return evolveAll(decider, decider.initialState(), [...events]);
}

/** Makes the compiler prove a switch covers every case. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
