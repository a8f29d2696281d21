import type { StoredEvent, Upcaster } from './types.ts';

/** Upcasters by event type and the schema version they lift from; applied on every read path. */
export class UpcasterRegistry {
  readonly #byType = new Map<string, Map<number, Upcaster>>();

  register(type: string, fromSchemaVersion: number, upcaster: Upcaster): void {
    let versions = this.#byType.get(type);
    if (!versions) this.#byType.set(type, (versions = new Map()));
    if (versions.has(fromSchemaVersion)) {
      throw new Error(
        `An upcaster for ${type} from schema version ${fromSchemaVersion} is already registered`,
      );
    }
    versions.set(fromSchemaVersion, upcaster);
  }

  /** Lifts the event through every registered step, one schema version at a time. */
  apply(event: StoredEvent): StoredEvent {
    const versions = this.#byType.get(event.type);
    if (!versions) return event;
    let current = event;
    for (let step = versions.get(current.schemaVersion); step; step = versions.get(current.schemaVersion)) {
      current = { ...current, data: step(current.data, current), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  }
}
