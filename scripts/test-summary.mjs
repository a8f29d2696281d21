// Adds up the JSON reports that every package's vitest run writes to .reports/vitest.json
// and prints one closing line: "Tests: N passed, N failed, N skipped". Exits 1 when a
// test failed, when any test was skipped (a skipped suite is a defect here), or when
// no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
for (const group of ['packages', 'services', 'infra']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, '.reports', 'vitest.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += s;
    perPackage.push(`${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${s} skipped`);
  }
}
console.log('\n' + perPackage.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || skipped > 0 || passed === 0) process.exit(1);
