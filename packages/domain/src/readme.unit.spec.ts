// The README documents the transition table, the commands, the events and the error codes;
// this spec reads it and compares it with the code, so that neither can drift.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orderCommandTypes } from './order/commands.ts';
import { orderStatuses } from './order/enums.ts';
import { domainErrorCodes } from './order/errors.ts';
import { eventSchemaVersions, orderEventTypes } from './order/events.ts';
import { canCancel, transitions } from './order/status.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The lines of the `## title` section. */
function section(title: string): string[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(`## ${title}`);
  if (start === -1) throw new Error(`README has no section "## ${title}"`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

const backticked = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);

/** The names listed as "- `Name` …" in a section. */
const listed = (title: string): string[] =>
  section(title).flatMap((line) => /^- `([A-Za-z_]+)`/.exec(line)?.slice(1) ?? []);

describe('README', () => {
  it('shows the transition table as the code has it', () => {
    const rows = section('Transition table')
      .filter((line) => line.startsWith('| `'))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const table = Object.fromEntries(
      rows.map(([status = '', moves = '', cancel = '']) => [
        backticked(status)[0],
        { moves: backticked(moves), cancel },
      ]),
    );
    expect(Object.keys(table).toSorted()).toEqual([...orderStatuses].toSorted());
    for (const status of orderStatuses) {
      expect({ status, ...table[status] }).toEqual({
        status,
        moves: transitions[status],
        cancel: canCancel(status) ? 'yes' : 'no',
      });
    }
  });

  it('lists every command', () => expect(listed('Commands')).toEqual([...orderCommandTypes]));

  it('lists every event with its schema version', () => {
    expect(listed('Events')).toEqual([...orderEventTypes]);
    for (const type of orderEventTypes)
      expect(readme).toContain(`- \`${type}\` (v${eventSchemaVersions[type]})`);
  });

  it('lists every error code', () => expect(listed('Error codes')).toEqual([...domainErrorCodes]));
});

describe('the specs', () => {
  it('refuse a command with each error code somewhere', () => {
    const root = new URL('./', import.meta.url);
    const specs = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.spec.ts') && !path.endsWith('readme.unit.spec.ts'))
      .map((path) => readFileSync(new URL(path, root), 'utf8'))
      .join('\n');
    expect(domainErrorCodes.filter((code) => !specs.includes(`'${code}'`))).toEqual([]);
  });
});
