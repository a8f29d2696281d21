// `createProducer({ thread: true })`: the same producer, run on a worker thread of its own.
// kafkajs spends most of a send's CPU time encoding records (a buffer per record and per
// header, CRC32C and varints in JavaScript); on its own thread that work runs beside the
// caller's (reading and mapping the next events) instead of in turn with it. Sends keep their
// order: the thread handles them one at a time, in call order, as the ordinary producer does.
import { Worker } from 'node:worker_threads';
import { PublishError } from './errors.ts';
import { silentLogger } from './logger.ts';
import type { OutgoingMessage } from './message.ts';
import type { Producer, ProducerOptions, SendOptions } from './producer-types.ts';
import type { ThreadReply, ThreadRequest, ThreadSetup } from './thread-protocol.ts';

type Waiter = {
  resolve: () => void;
  reject: (error: PublishError) => void;
  onAcked?: (count: number) => void;
};

type Request = ThreadRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

const notify = (fn: () => void) => {
  try {
    fn();
  } catch {
    // an observer never breaks publishing
  }
};

/** A {@link Producer} whose client runs on a worker thread; see `thread` in {@link ProducerOptions}. */
export function createThreadedProducer(options: ProducerOptions): Producer {
  const logger = options.logger ?? silentLogger;
  const observer = options.observer ?? {};
  const setup: ThreadSetup = {
    brokers: [...options.brokers],
    clientId: options.clientId,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.lanes === undefined ? {} : { lanes: options.lanes }),
    logging: options.logger !== undefined,
  };
  const waiting = new Map<number, Waiter>();
  let nextId = 0;
  let worker: Worker | null = null;
  let open = false;

  function thread(): Worker {
    if (worker) return worker;
    const started = new Worker(new URL('./producer-thread.ts', import.meta.url), { workerData: setup });
    started.on('message', (reply: ThreadReply) => {
      if (reply.type === 'log') return logger[reply.level](reply.fields, reply.message);
      const waiter = waiting.get(reply.id);
      if (!waiter) return;
      if (reply.type === 'acked') return notify(() => waiter.onAcked?.(reply.count));
      waiting.delete(reply.id);
      if (reply.type === 'done') waiter.resolve();
      else waiter.reject(new PublishError(reply.error.message, reply.error));
    });
    started.on('error', (error) => logger.error({ err: error }, 'the producer thread failed'));
    started.on('exit', (code) => {
      if (worker === started) worker = null;
      // What was in flight may or may not have been written: send it again.
      for (const [id, waiter] of waiting) {
        waiting.delete(id);
        waiter.reject(
          new PublishError(`the producer thread exited (code ${code}) before the broker answered`, {
            retriable: true,
            topics: [],
          }),
        );
      }
    });
    worker = started;
    return started;
  }

  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread, not a window
  const post = (message: ThreadRequest) => thread().postMessage(message);

  /** The answer to request `id`, once the thread settles it. */
  function answer(id: number, onAcked?: (count: number) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      waiting.set(id, { resolve, reject, ...(onAcked ? { onAcked } : {}) });
    });
  }

  function ask(request: Request, onAcked?: (count: number) => void): Promise<void> {
    const id = nextId++;
    const answered = answer(id, onAcked);
    post({ ...request, id } as ThreadRequest);
    return answered;
  }

  function fail(error: unknown, topics: string[]): PublishError {
    const failure =
      error instanceof PublishError && error.topics.length > 0
        ? error
        : new PublishError((error as Error).message, {
            retriable: error instanceof PublishError ? error.retriable : false,
            topics,
            cause: error,
          });
    notify(() => observer.onError?.(failure));
    return failure;
  }

  return {
    async connect() {
      open = true;
      await ask({ type: 'connect' });
    },
    async send(messages: readonly OutgoingMessage[], sendOptions: SendOptions = {}) {
      if (messages.length === 0) return;
      const topics = [...new Set(messages.map((m) => m.topic))];
      if (!open)
        throw new PublishError('the producer is not connected: call connect() first', {
          retriable: false,
          topics,
        });
      const started = performance.now();
      try {
        await ask(
          {
            type: 'send',
            messages: messages as OutgoingMessage[],
            ...(sendOptions.maxMessagesPerRequest === undefined
              ? {}
              : { maxMessagesPerRequest: sendOptions.maxMessagesPerRequest }),
          },
          sendOptions.onAcked,
        );
      } catch (error) {
        throw fail(error, topics);
      }
      notify(() => observer.onPublished?.(messages.length, performance.now() - started));
    },
    async sendParts(parts: Iterable<readonly OutgoingMessage[]>, sendOptions: SendOptions = {}) {
      if (!open)
        throw new PublishError('the producer is not connected: call connect() first', {
          retriable: false,
          topics: [],
        });
      const started = performance.now();
      const id = nextId++;
      const topics = new Set<string>();
      let count = 0;
      let answered: Promise<void> | null = null;
      let unmade: { error: unknown } | null = null;
      // Each part goes to the thread as soon as it is made: the thread encodes and sends the
      // first requests while the next parts are being made here.
      try {
        for (const part of parts) {
          for (const message of part) topics.add(message.topic);
          count += part.length;
          if (answered) post({ type: 'part', id, messages: part as OutgoingMessage[], last: false });
          else {
            answered = answer(id, sendOptions.onAcked);
            post({
              type: 'send',
              id,
              messages: part as OutgoingMessage[],
              more: true,
              ...(sendOptions.maxMessagesPerRequest === undefined
                ? {}
                : { maxMessagesPerRequest: sendOptions.maxMessagesPerRequest }),
            });
          }
        }
      } catch (error) {
        unmade = { error };
      }
      if (!answered) {
        if (unmade) throw unmade.error;
        return;
      }
      post({ type: 'part', id, messages: [], last: true, ...(unmade ? { failed: true } : {}) });
      try {
        await answered;
      } catch (error) {
        // The thread stopped the send where the parts ended; the caller's error says why.
        if (unmade) throw unmade.error;
        throw fail(error, [...topics]);
      }
      if (unmade) throw unmade.error;
      notify(() => observer.onPublished?.(count, performance.now() - started));
    },
    async disconnect() {
      open = false;
      if (!worker) return;
      const running = worker;
      // The thread finishes the sends before this one, then closes its connections.
      await ask({ type: 'disconnect' }).catch(() => undefined);
      await running.terminate();
    },
  };
}
