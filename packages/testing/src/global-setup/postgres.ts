import type { TestProject } from 'vitest/node';
import { resolvePostgres } from '../postgres.ts';

/** vitest globalSetup: locates or starts PostgreSQL once per run and hands its URL to the test files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await resolvePostgres();
  console.log(`[testing] PostgreSQL: ${postgres.source}`);
  project.provide('databaseUrl', postgres.address);
  return () => postgres.stop();
}
