import { connect } from 'node:net';

/**
 * Sends one Kafka Metadata request (API key 3, version 0) to the first broker of
 * `brokers` and resolves with the number of brokers it reports. Written against the
 * wire protocol so the provider needs no Kafka client library.
 */
export function probeKafka(brokers: string, timeoutMs = 3_000): Promise<number> {
  const first = brokers.split(',')[0]?.trim() ?? '';
  const colon = first.lastIndexOf(':');
  const host = first.slice(0, colon);
  const port = Number(first.slice(colon + 1));
  if (!host || !Number.isInteger(port)) return Promise.reject(new Error(`invalid broker address "${first}"`));

  const clientId = Buffer.from('orders-testing-probe');
  const correlationId = 0x5eed;
  const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
  let offset = body.writeInt16BE(3, 0); // api key: Metadata
  offset = body.writeInt16BE(0, offset); // api version 0
  offset = body.writeInt32BE(correlationId, offset);
  offset = body.writeInt16BE(clientId.length, offset);
  offset += clientId.copy(body, offset);
  body.writeInt32BE(0, offset); // no topics
  const request = Buffer.concat([Buffer.from([0, 0, 0, 0]), body]);
  request.writeInt32BE(body.length, 0);

  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no answer from ${first} within ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (received.length < 4 + size) return;
      socket.destroy();
      if (received.readInt32BE(4) !== correlationId) {
        reject(new Error(`unexpected answer from ${first}`));
        return;
      }
      resolve(received.readInt32BE(8)); // brokers array length
    });
  });
}
