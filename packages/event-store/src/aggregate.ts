import type { StoredEvent } from './types.ts';

export interface AggregateOptions<State> {
  initialState: () => State;
  evolve: (state: State, event: StoredEvent) => State;
  /** Write a snapshot once this many events were folded beyond the last one (off by default). */
  snapshotEvery?: number;
  /** Version of the state's shape; a snapshot of another version is ignored and replaced. Default 1. */
  stateSchemaVersion?: number;
  /** A last per-call upcast of each event, after the store's registered upcasters. */
  upcast?: (event: StoredEvent) => StoredEvent;
  /** State ↔ JSON for snapshots (default: the state is stored as it is). */
  serializeState?: (state: State) => unknown;
  deserializeState?: (json: unknown) => State;
}

export interface AggregateResult<State> {
  state: State;
  /** The stream version the state reflects (0 for a stream without events). */
  version: bigint;
  /** The version of the snapshot the fold started from, or null when it started from the beginning. */
  snapshotVersion: bigint | null;
}

export interface Snapshot {
  version: bigint;
  stateSchemaVersion: number;
  state: unknown;
}

export interface AggregateSource {
  read(fromVersion: bigint, maxCount: number): Promise<StoredEvent[]>;
  loadSnapshot(): Promise<Snapshot | undefined>;
  /** Starts writing a snapshot; the store tracks it so `settled()` can wait for it. */
  saveSnapshot(snapshot: Snapshot): void;
}

const PAGE = 1_000;

export async function aggregateStream<State>(
  source: AggregateSource,
  options: AggregateOptions<State>,
): Promise<AggregateResult<State>> {
  const schemaVersion = options.stateSchemaVersion ?? 1;
  const snapshot = await source.loadSnapshot();
  const usable = snapshot !== undefined && snapshot.stateSchemaVersion === schemaVersion;
  let state = usable
    ? options.deserializeState
      ? options.deserializeState(snapshot.state)
      : (snapshot.state as State)
    : options.initialState();
  const snapshotVersion = usable ? snapshot.version : null;
  let version = snapshotVersion ?? 0n;
  for (;;) {
    const events = await source.read(version + 1n, PAGE);
    for (const stored of events) {
      const event = options.upcast ? options.upcast(stored) : stored;
      state = options.evolve(state, event);
      version = stored.streamVersion;
    }
    if (events.length < PAGE) break;
  }
  const every = options.snapshotEvery;
  const stale = snapshot !== undefined && !usable;
  if (every !== undefined && version > 0n && (stale || version - (snapshotVersion ?? 0n) >= BigInt(every))) {
    source.saveSnapshot({
      version,
      stateSchemaVersion: schemaVersion,
      state: options.serializeState ? options.serializeState(state) : state,
    });
  }
  return { state, version, snapshotVersion };
}
