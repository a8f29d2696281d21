import type { Logger } from '@orders/service-kit';
import type { CallbackDispatcher } from './callbacks.ts';
import type { SandboxSettings } from './config.ts';
import type { FaultState } from './faults.ts';
import type { Simulator } from './simulator.ts';
import type { Store } from './store.ts';

/** What every route module of one sandbox shares. */
export interface SandboxContext {
  settings: SandboxSettings;
  store: Store;
  faults: FaultState;
  callbacks: CallbackDispatcher;
  simulator: Simulator;
  logger: Logger;
  /** Aborted when the app closes: hung and delayed calls end at once. */
  closing: AbortSignal;
}
