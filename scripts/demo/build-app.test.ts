import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuildDirReplaceable } from './build-app';
import { DemoError } from './options';

test('the build may only empty a missing, empty or earlier build folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-build-dir-'));
  try {
    assertBuildDirReplaceable(join(dir, 'missing'));
    const build = join(dir, 'build');
    mkdirSync(build);
    assertBuildDirReplaceable(build);
    writeFileSync(join(build, 'asset-manifest.json'), '{}');
    writeFileSync(join(build, 'other.txt'), '');
    assertBuildDirReplaceable(build);

    const notABuild = join(dir, 'documents');
    mkdirSync(notABuild);
    writeFileSync(join(notABuild, 'thesis.txt'), 'precious');
    assert.throws(() => assertBuildDirReplaceable(notABuild), (error: unknown) => error instanceof DemoError && /refusing to build there/.test(error.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
