import { preset } from '@orders/vitest-config';

// The integration test starts order-api as its own process and seeds a few hundred orders through it.
export default preset({ services: ['postgres'], testTimeout: 120_000 });
