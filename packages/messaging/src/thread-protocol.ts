// What a threaded producer and its worker thread say to each other (structured clone).
import type { OutgoingMessage } from './message.ts';

export interface ThreadSetup {
  brokers: readonly string[];
  clientId: string;
  retries?: number;
  /** Whether the caller gave a logger (log lines are then forwarded). */
  logging: boolean;
}

export type ThreadRequest =
  | { type: 'connect'; id: number }
  | { type: 'disconnect'; id: number }
  | { type: 'send'; id: number; messages: OutgoingMessage[]; maxMessagesPerRequest?: number };

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
