import type { OrderEventEnvelope } from '@orders/contracts';

/** The one handler both sources drive: it sees only the envelope. */
export type OrderEventHandler = (event: OrderEventEnvelope) => Promise<void>;

/** Where order events come from: a Kafka consumer group (distributed) or an event-store subscription (embedded). */
export interface OrderEventSource {
  readonly kind: 'kafka' | 'event-store';
  /** Starts consuming; resolves once it is running (not necessarily caught up). */
  start(): Promise<void>;
  /** Lets the event in progress finish, then stops. */
  stop(): Promise<void>;
  /** For /ready: throws with the reason when the source is not consuming. */
  check(): Promise<void>;
}
