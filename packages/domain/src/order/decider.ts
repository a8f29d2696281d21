import { decide } from './decide.ts';
import { evolve } from './evolve.ts';
import { initialState } from './state.ts';

/** The order aggregate as one decider: what the event store's command handler needs. */
export const decider = { initialState, decide, evolve } as const;
