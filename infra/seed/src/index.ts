// The seed as a library: the generator (plans, world) and the runner behind `pnpm seed`.
export {
  runSeed,
  fillPath,
  type SeedRun,
  type SeedResult,
  type SeededOrder,
  type ProblemCount,
} from './seed.ts';
export { planOrder, vigoShare, type OrderPlan, type GeneratorOptions } from './plan.ts';
export { createWorld, type World } from './world.ts';
export { subResourceKinds, type Step, type SubResourceKind } from './step.ts';
export { parseCommandLine, seedOptionsSchema, demoClient, type SeedOptions } from './options.ts';
