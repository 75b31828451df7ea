/**
 * Part of `npm run build`: the command line as one module, dist/src/cli.bundle.js, which
 * bin/synapse-lint.js loads. Node resolves, reads and compiles each ES module on its own, and for
 * some sixty modules that was a third of a small run. The bundle sits beside dist/src/cli.js, so
 * the paths it finds from import.meta.url (the catalog, package.json) are the same. The HCL parser,
 * ajv and minimatch stay outside: they are loaded only when needed, from node_modules.
 */
import { build } from 'esbuild';

const root = new URL('../../', import.meta.url);

await build({
  entryPoints: [new URL('dist/src/cli.js', root).pathname],
  outfile: new URL('dist/src/cli.bundle.js', root).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@cdktf/hcl2json', 'ajv', 'minimatch'],
  legalComments: 'none',
  logLevel: 'warning',
});
