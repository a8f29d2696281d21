import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configTable, processes, root, rowsOf, withTable } from './config-table.ts';

describe('the README configuration table', () => {
  it('is the table the env schemas generate (run `pnpm --filter @orders/docs config-table` after changing one)', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    expect(withTable(readme, configTable())).toBe(readme);
  });

  it('lists every variable of every process with its default, and marks the required ones', () => {
    const relay = rowsOf(processes.find((p) => p.name === 'relay')!);
    expect(relay.find((r) => r.variable === 'DATABASE_URL')).toMatchObject({ default: '*required*' });
    expect(relay.find((r) => r.variable === 'RELAY_BATCH_SIZE')?.default).toMatch(/^`\d+`$/);
    expect(relay.find((r) => r.variable === 'RELAY_SUBSCRIPTION')).toMatchObject({ default: '—' });
    for (const config of processes) {
      const rows = rowsOf(config);
      expect(rows.length).toBeGreaterThan(3);
      for (const row of rows) expect(row.meaning.length, `${config.name} ${row.variable}`).toBeGreaterThan(5);
    }
  });

  it('refuses a variable without a meaning, naming it', () => {
    const schema = z.object({ SOME_UNDOCUMENTED_KNOB: z.string().default('x') });
    expect(() => rowsOf({ name: 'x', file: 'infra/docs/src/config-table.ts', schema })).toThrow(
      /SOME_UNDOCUMENTED_KNOB/,
    );
  });
});
