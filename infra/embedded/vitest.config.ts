import { preset } from '@orders/vitest-config';

export default preset({ testTimeout: 120_000 });
