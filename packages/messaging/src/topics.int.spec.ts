import { useTestKafka } from '@orders/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { TopicProvisioningError } from './errors.ts';
import { deleteTopics, describeTopics, ensureTopics } from './topics.ts';

describe('ensureTopics', () => {
  const kafka = useTestKafka();
  const orders = kafka.topic('provisioning-orders');
  const audit = kafka.topic('provisioning-audit');

  afterAll(async () => {
    await deleteTopics(kafka.brokers, [orders, audit]);
  });

  const describe1 = async (name: string) => {
    const [found] = await describeTopics(kafka.brokers, [name]);
    if (!found) throw new Error(`${name} does not exist`);
    return found;
  };

  it('creates missing topics with their config, and a second run changes nothing', async () => {
    const specs = [
      { name: orders, partitions: 2, config: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' } },
      { name: audit, partitions: 1 },
    ];
    expect(await ensureTopics(kafka.brokers, specs)).toEqual({
      created: [orders, audit],
      reconfigured: [],
      repartitioned: [],
    });
    expect(await describe1(orders)).toEqual({
      name: orders,
      partitions: 2,
      replicationFactor: 1,
      config: { 'retention.ms': '86400000', 'cleanup.policy': 'delete' },
    });

    expect(await ensureTopics(kafka.brokers, specs)).toEqual({
      created: [],
      reconfigured: [],
      repartitioned: [],
    });
    expect((await describe1(orders)).config).toEqual({
      'retention.ms': '86400000',
      'cleanup.policy': 'delete',
    });
  });

  it('reconciles the config of an existing topic, keeping the overrides the spec does not name', async () => {
    const spec = {
      name: orders,
      partitions: 2,
      config: { 'retention.ms': '3600000', 'cleanup.policy': 'compact' },
    };
    expect(await ensureTopics(kafka.brokers, [spec])).toEqual({
      created: [],
      reconfigured: [orders],
      repartitioned: [],
    });
    expect((await describe1(orders)).config).toEqual({
      'retention.ms': '3600000',
      'cleanup.policy': 'compact',
    });

    // a spec naming only the retention leaves the cleanup policy as it is
    const retentionOnly = { name: orders, partitions: 2, config: { 'retention.ms': '7200000' } };
    expect((await ensureTopics(kafka.brokers, [retentionOnly])).reconfigured).toEqual([orders]);
    expect((await describe1(orders)).config).toEqual({
      'retention.ms': '7200000',
      'cleanup.policy': 'compact',
    });

    expect(await ensureTopics(kafka.brokers, [retentionOnly])).toEqual({
      created: [],
      reconfigured: [],
      repartitioned: [],
    });
  });

  it('adds partitions up to the spec, once', async () => {
    const spec = { name: audit, partitions: 4 };
    expect(await ensureTopics(kafka.brokers, [spec])).toEqual({
      created: [],
      reconfigured: [],
      repartitioned: [audit],
    });
    expect((await describe1(audit)).partitions).toBe(4);
    expect((await ensureTopics(kafka.brokers, [spec])).repartitioned).toEqual([]);
  });

  it('refuses fewer partitions and then changes nothing at all', async () => {
    const before = await describeTopics(kafka.brokers, [orders, audit]);
    const attempt = ensureTopics(kafka.brokers, [
      { name: orders, partitions: 2, config: { 'retention.ms': '1000' } },
      { name: audit, partitions: 2 },
    ]);
    await expect(attempt).rejects.toThrow(TopicProvisioningError);
    await expect(attempt).rejects.toThrow(/has 4 partitions; the spec asks for 2/);
    expect(await describeTopics(kafka.brokers, [orders, audit])).toEqual(before);
  });

  it('rejects a partition count below one before talking to the broker', async () => {
    await expect(
      ensureTopics(kafka.brokers, [{ name: kafka.topic('never'), partitions: 0 }]),
    ).rejects.toThrow(/partitions must be an integer >= 1/);
  });
});
