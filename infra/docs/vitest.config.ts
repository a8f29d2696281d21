import { preset } from '@orders/vitest-config';

export default preset();
