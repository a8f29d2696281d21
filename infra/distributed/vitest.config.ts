import { preset } from '@orders/vitest-config';

// Every service runs as its own process: starting them, walking one order through its whole
// life and stopping them takes a minute or two on a loaded 2-core machine.
export default preset({ services: ['postgres', 'kafka'], testTimeout: 240_000 });
