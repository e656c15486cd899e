// Bundles a bench page (React, the console's .scss) with esbuild into `dir`, with an index.html
// that loads it: what the browser benches serve to headless Chromium.
import { build, type Plugin } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from 'sass';

/** Compiles .scss imports with sass, as CRA does. */
const sassPlugin: Plugin = {
  name: 'sass',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.scss$/ }, (loaded) => ({ contents: compile(loaded.path).css, loader: 'css' }));
  },
};

export async function buildBenchPage(entry: string, dir: string, title: string): Promise<void> {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: 'chrome110',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: dir,
    entryNames: 'page',
    plugins: [sassPlugin],
    logLevel: 'warning',
  });
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/page.css"><body></body><script src="/page.js"></script>`);
}
