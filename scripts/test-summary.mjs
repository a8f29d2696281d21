// Adds up the JSON reports that every package's vitest run writes to .reports/vitest.json
// and prints one closing line: "Tests: N passed, N failed, N skipped". Exits 1 when a
// test failed, when a test file failed to load or run (counted as a failed test), when
// vitest reported the run unsuccessful, when any test was skipped (a skipped suite is a
// defect here), or when no test ran at all. It does not trust exit codes alone: a library
// that hooks process exit once turned a failed run into exit 0.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const perPackage = [];
/** What failed, by name with the first lines of its message: CI shows only the tail of its output. */
const failures = [];
for (const group of ['packages', 'services', 'infra']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, '.reports', 'vitest.json');
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // a file that failed as a whole (import error, hook failure) has no failed test of its own
    const brokenFiles = (r.testResults ?? []).filter(
      (file) => file.status === 'failed' && (file.assertionResults ?? []).every((a) => a.status !== 'failed'),
    ).length;
    const f =
      r.numFailedTests + brokenFiles + (r.success === false && r.numFailedTests + brokenFiles === 0 ? 1 : 0);
    for (const file of r.testResults ?? []) {
      const where = `${group}/${name}/${file.name.split(`/${group}/${name}/`).pop()}`;
      const tests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
      if (file.status === 'failed' && tests.length === 0)
        failures.push(`${where}: ${firstLines(file.message)}`);
      for (const a of tests) failures.push(`${where} > ${a.fullName}: ${firstLines(a.failureMessages?.[0])}`);
    }
    passed += r.numPassedTests;
    failed += f;
    skipped += s;
    perPackage.push(
      `${group}/${name}: ${r.numPassedTests} passed, ${f} failed, ${s} skipped` +
        (brokenFiles ? ` (${brokenFiles} test file(s) failed to run)` : ''),
    );
  }
}
if (failures.length > 0) console.log('\nFailed:\n' + failures.map((f) => `- ${f}`).join('\n'));
console.log('\n' + perPackage.join('\n'));
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || skipped > 0 || passed === 0) process.exit(1);

function firstLines(text) {
  // eslint-disable-next-line no-control-regex
  const plain = String(text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((line) => line.trim() !== '' && !/^\s*at /.test(line));
  return lines.slice(0, 8).join('\n    ').slice(0, 1_200);
}
