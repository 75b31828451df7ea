/**
 * Part of `npm run build`: the command line as one module, dist/src/cli.bundle.js, which
 * bin/synapse-lint.js loads when it is there. Node resolves, reads and compiles each ES module on
 * its own, and for some sixty modules that was a third of a small run. The bundle sits beside
 * dist/src/cli.js, so the paths it finds from import.meta.url (the catalog, package.json) are the
 * same. The HCL parser, ajv and minimatch stay outside: they are loaded only when needed.
 *
 * esbuild's binary is an optional dependency: an install without optional dependencies (the GitHub
 * Action's) has none, and then there is no bundle and the bin loads the modules instead.
 */
import { rmSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const outfile = new URL('dist/src/cli.bundle.js', root).pathname;
// Never leave a bundle of older code behind.
rmSync(outfile, { force: true });

let esbuild: typeof import('esbuild');
try {
  esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [new URL('dist/src/cli.js', root).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@cdktf/hcl2json', 'ajv', 'minimatch'],
    legalComments: 'none',
    logLevel: 'error',
  });
} catch (e) {
  rmSync(outfile, { force: true });
  process.stderr.write(`synapse-lint build: no bundle (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); bin/synapse-lint.js loads the modules\n`);
}
