#!/usr/bin/env node
// The command line as one module when the build made it (one file starts faster than sixty), else the modules.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/src/cli.bundle.js', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/src/cli.js');

await main(process.argv.slice(2));
