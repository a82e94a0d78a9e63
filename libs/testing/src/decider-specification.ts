import type { Decider, DomainEvent, StoredEvent } from '@pairtrail/domain';

type Given<E extends DomainEvent> = E | StoredEvent<E>;
type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Given/when/then tests for a decider: given these past events, when this command, then these new
 * events, or this error. Given events without an `eventId` get `event-<index>`.
 */
export function deciderSpec<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return {
    given(events: Given<E>[] = []) {
      const stored = events.map((e, i) => ({ eventId: `event-${i}`, ...e }) as StoredEvent<E>);
      const state = stored.reduce((s, e) => decider.evolve(s, e), decider.initialState());
      return {
        when(command: C) {
          const run = () => decider.decide(command, state);
          return {
            /** The command yields exactly these events. */
            then(expected: E[]): void {
              expect(run()).toEqual(expected);
            },
            /** The command yields events matching these partial shapes. */
            thenMatches(expected: Partial<E>[]): void {
              const actual = run();
              expect(actual).toHaveLength(expected.length);
              expected.forEach((e, i) => expect(actual[i]).toMatchObject(e));
            },
            /** The command fails with this error class, and a message matching `message` if given. */
            thenThrows(errorClass: ErrorClass, message?: RegExp | string, check?: (error: Error) => void): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (message !== undefined) expect((thrown as Error).message).toMatch(message);
              check?.(thrown as Error);
            },
          };
        },
      };
    },
  };
}
