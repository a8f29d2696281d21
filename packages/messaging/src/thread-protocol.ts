// What a threaded producer and its worker thread say to each other (structured clone).
import type { OutgoingMessage } from './message.ts';

export interface ThreadSetup {
  brokers: readonly string[];
  clientId: string;
  retries?: number;
  lanes?: number;
  /** Whether the caller gave a logger (log lines are then forwarded). */
  logging: boolean;
}

export type ThreadRequest =
  | { type: 'connect'; id: number }
  | { type: 'disconnect'; id: number }
  | {
      type: 'send';
      id: number;
      messages: OutgoingMessage[];
      maxMessagesPerRequest?: number;
      /** More parts of this send follow (`part` requests of the same id, the last with `last`). */
      more?: boolean;
    }
  /** The next part of a send begun with `more`; `failed`: the caller could not make the rest. */
  | { type: 'part'; id: number; messages: OutgoingMessage[]; last: boolean; failed?: boolean };

export type ThreadReply =
  | { type: 'done'; id: number }
  | { type: 'acked'; id: number; count: number }
  | { type: 'failed'; id: number; error: { message: string; retriable: boolean; topics: string[] } }
  | {
      type: 'log';
      level: 'debug' | 'info' | 'warn' | 'error';
      fields: Record<string, unknown>;
      message: string;
    };
