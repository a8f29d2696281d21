import type { ReadModelProjection } from '@orders/read-models';

/** A read model as the projector runs it. */
export interface ProjectorProjection {
  projection: ReadModelProjection;
  /** Events per batch while rebuilding (larger than live: fewer, bigger transactions). */
  rebuildBatchSize: number;
}
