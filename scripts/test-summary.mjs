// Reads what the test runners left in .test-results/ and returns pass/fail counts, so that
// every run ends with one plain `N passed, N failed` line.
import { existsSync, readFileSync } from 'node:fs';

export function jestCounts(file = '.test-results/jest.json') {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0) };
}

export function tapCounts(file) {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  const read = (key) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { passed: read('pass'), failed: read('fail') + read('cancelled') };
}

export function add(...counts) {
  return counts.filter(Boolean).reduce((sum, c) => ({ passed: sum.passed + c.passed, failed: sum.failed + c.failed }), { passed: 0, failed: 0 });
}

export const line = (label, { passed, failed }) => `${label}: ${passed} passed, ${failed} failed`;
