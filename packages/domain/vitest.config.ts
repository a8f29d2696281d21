import { preset } from '@orders/vitest-config';

export default preset({
  coverage: { include: ['src/**/*.ts'], lines: 95, branches: 95 },
});
