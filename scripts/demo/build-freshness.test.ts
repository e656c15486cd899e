import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBuildFreshness } from './build-freshness';

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'demo-freshness-'));
  mkdirSync(join(root, 'src', 'pages'), { recursive: true });
  mkdirSync(join(root, 'public'));
  writeFileSync(join(root, 'src', 'pages', 'Page.tsx'), '');
  writeFileSync(join(root, 'public', 'index.html'), '');
  return root;
}
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

test('no build/: a build is needed', () => {
  const root = project();
  try {
    const result = checkBuildFreshness(root);
    assert.equal(result.fresh, false);
    assert.equal(result.missing, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a build newer than src/ and public/ is fresh; a later change anywhere in them makes it stale', () => {
  const root = project();
  try {
    mkdirSync(join(root, 'build'));
    writeFileSync(join(root, 'build', 'index.html'), '');
    at(join(root, 'src', 'pages', 'Page.tsx'), 1000);
    at(join(root, 'public', 'index.html'), 1000);
    at(join(root, 'build', 'index.html'), 2000);
    assert.deepEqual(checkBuildFreshness(root), { fresh: true, missing: false, reason: '' });

    at(join(root, 'src', 'pages', 'Page.tsx'), 3000);
    const stale = checkBuildFreshness(root);
    assert.equal(stale.fresh, false);
    assert.equal(stale.missing, false);
    assert.match(stale.reason, /Page\.tsx changed after the last build/);

    at(join(root, 'src', 'pages', 'Page.tsx'), 1000);
    at(join(root, 'public', 'index.html'), 2500);
    assert.match(checkBuildFreshness(root).reason, /public\/index\.html changed/);
    at(join(root, 'public', 'index.html'), 1000);

    // Tests never reach the build: changing them does not make it stale.
    for (const name of ['Page.test.tsx', 'client.node.test.ts', 'setupTests.ts']) {
      writeFileSync(join(root, 'src', name), '');
      at(join(root, 'src', name), 5000);
    }
    assert.equal(checkBuildFreshness(root).fresh, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
