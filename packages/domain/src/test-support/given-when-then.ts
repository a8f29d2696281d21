// given(events).when(command).then(events) / .thenThrows(code): the decider's specs, as in STYLE.md.
import { expect } from 'vitest';
import type { OrderCommand } from '../order/commands.ts';
import { decide } from '../order/decide.ts';
import { DomainError, type DomainErrorCode, type ErrorDetail } from '../order/errors.ts';
import type { OrderEvent } from '../order/events.ts';
import type { OrderState } from '../order/state.ts';
import { stateOf } from './fixtures.ts';

/** What a refusal must also carry: data members and/or details (matched partially). */
export interface Refusal {
  data?: Record<string, unknown>;
  details?: Partial<ErrorDetail>[];
}

export interface Then {
  /** Asserts exactly these events (and that the state after them survives a JSON round trip). */
  then(...expected: OrderEvent[]): void;
  /** Asserts a DomainError with `code`, carrying what `refusal` names. */
  thenThrows(code: DomainErrorCode, refusal?: Refusal): void;
  /** The produced events, for assertions on parts of them. */
  events(): OrderEvent[];
  /** The state after the produced events. */
  state(): OrderState;
  /** The DomainError the command is refused with. */
  error(): DomainError;
}

function refusalOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the command to be refused, but it was accepted');
}

/** Starts a spec from the state that `events` build. */
export function given(...history: OrderEvent[]) {
  const before = stateOf(history);
  return {
    state: before,
    when(command: OrderCommand): Then {
      const events = (): OrderEvent[] => decide(command, before);
      const error = (): DomainError => refusalOf(events);
      return {
        // `then` is the STYLE.md vocabulary; a Then is never awaited.
        // oxlint-disable-next-line unicorn/no-thenable
        then(...expected) {
          const actual = events();
          expect(actual).toEqual(expected);
          const after = stateOf(actual, before);
          expect(JSON.parse(JSON.stringify(after))).toStrictEqual(after);
        },
        thenThrows(code, refusal = {}) {
          const { code: actual, data, details } = error();
          expect({ code: actual, data, details }).toMatchObject({ code, ...refusal });
        },
        events,
        state: () => stateOf(events(), before),
        error,
      };
    },
  };
}
