import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    kafkaBrokers: string;
  }
}

function provided(key: 'databaseUrl' | 'kafkaBrokers', setup: string): string {
  const value = inject(key);
  if (!value) {
    throw new Error(
      `No ${key} was provided to this test file. Add "${setup}" to the package's vitest preset: preset({ services: [...] }).`,
    );
  }
  return value;
}

/** The server URL found by the postgres global setup. */
export const serverUrl = (): string => provided('databaseUrl', 'postgres');
/** The broker list found by the kafka global setup. */
export const kafkaBrokers = (): string => provided('kafkaBrokers', 'kafka');
