export { buildSandbox, type Sandbox, type SandboxConfig } from './app.ts';
export {
  autoAdvanceModes,
  sandboxOptionsSchema,
  type AutoAdvance,
  type SandboxOptions,
  type SandboxSettings,
  type SeedPickupPoint,
} from './config.ts';
export { faultsSchema, operations, type Faults, type FaultsInput, type Operation } from './faults.ts';
export { formatVigoDate } from './time.ts';
export type { DeliveryAttempt } from './callbacks.ts';
export * from './contract.ts';
