import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuildDirReplaceable } from './build-app';
import { DemoError } from './options';

test('the build may only empty a missing, empty, earlier or half-made build folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'demo-build-dir-'));
  try {
    const publicDir = join(dir, 'public');
    mkdirSync(publicDir);
    writeFileSync(join(publicDir, 'favicon.svg'), '');
    writeFileSync(join(publicDir, 'runtime-config.js'), '');

    assertBuildDirReplaceable(join(dir, 'missing'), publicDir);
    const build = join(dir, 'build');
    mkdirSync(build);
    assertBuildDirReplaceable(build, publicDir);
    // Stopped half-way: public/ copied, nothing else yet.
    writeFileSync(join(build, 'favicon.svg'), '');
    writeFileSync(join(build, 'runtime-config.js'), '');
    assertBuildDirReplaceable(build, publicDir);
    // Finished.
    writeFileSync(join(build, 'index.html'), '');
    writeFileSync(join(build, 'asset-manifest.json'), '{}');
    mkdirSync(join(build, 'static'));
    assertBuildDirReplaceable(build, publicDir);

    writeFileSync(join(build, 'thesis.txt'), 'precious');
    assert.throws(
      () => assertBuildDirReplaceable(build, publicDir),
      (error: unknown) => error instanceof DemoError && /holds files a console build does not \(thesis\.txt\): refusing to build there/.test(error.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
