// Before the e2e tests: builds the console when build/ is missing or older than src/ or
// public/, so `npm run test:e2e` works on its own (CI has built it already and skips this).
import { join } from 'node:path';
import { checkBuildFreshness } from './demo/build-freshness';
import { startBuild } from './demo/build-app';

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const buildDir = process.env.E2E_BUILD_DIR ?? join(root, 'build');
  const freshness = checkBuildFreshness(root, buildDir);
  if (freshness.fresh) return;
  console.log(`e2e: building the console first (${freshness.reason})`);
  const started = Date.now();
  await startBuild(root, buildDir).done;
  console.log(`e2e: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

main().catch((error: Error) => {
  console.error(`e2e: ${error.message}`);
  process.exit(1);
});
