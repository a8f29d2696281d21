// Writes asyncapi.json (the AsyncAPI 3.0 document of the order events topic) beside package.json.
// Run: pnpm --filter @orders/contracts asyncapi. A test fails while the file differs from what this writes.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { buildAsyncApiDocument } from '../src/events/asyncapi.ts';

const file = fileURLToPath(new URL('../asyncapi.json', import.meta.url));
const text = await format(JSON.stringify(buildAsyncApiDocument()), {
  ...(await resolveConfig(file)),
  parser: 'json',
});
writeFileSync(file, text);
console.log(`wrote ${file}`);
