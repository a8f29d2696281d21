import { Kafka, logLevel, type IHeaders, type KafkaMessage, type LogEntry } from 'kafkajs';
import type { IncomingMessage } from './message.ts';
import type { MessagingLogger } from './logger.ts';

// The one place that builds a kafkajs client; nothing of kafkajs leaves this package.

/** A kafkajs client whose own log lines (warnings and errors only) go to our logger. */
export function kafkaClient(options: {
  brokers: readonly string[];
  clientId: string;
  logger?: MessagingLogger | undefined;
}): Kafka {
  const logger = options.logger;
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logger ? logLevel.WARN : logLevel.NOTHING,
    ...(logger
      ? {
          logCreator:
            () =>
            ({ namespace, level, log }: LogEntry) => {
              const { message, ...fields } = log;
              const line = `kafkajs ${namespace}: ${message}`;
              const withNamespace = { ...fields, kafkajs: namespace };
              if (level === logLevel.ERROR) logger.error(withNamespace, line);
              else if (level === logLevel.WARN) logger.warn(withNamespace, line);
              else logger.debug(withNamespace, line);
            },
        }
      : {}),
  });
}

/** Header values as UTF-8 strings; a repeated header keeps its last value. */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    decoded[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return decoded;
}

/** A kafkajs message in our own type. */
export function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}
