// Bundles the wavtools test page with esbuild into a temporary folder and serves it on
// loopback (the worklet processors load from Blob URLs, exactly as in the CRA build).
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveBuild, type StaticServer } from '../harness';

const INDEX_HTML = '<!doctype html><meta charset="utf-8"><title>wavtools test page</title><script src="/page.js"></script><body>wavtools</body>';

export async function serveWavtoolsPage(dir: string): Promise<StaticServer> {
  await build({
    entryPoints: [join(__dirname, 'entry.ts')],
    bundle: true,
    format: 'iife',
    target: 'chrome110',
    outfile: join(dir, 'page.js'),
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  return serveBuild({ buildDir: dir });
}
