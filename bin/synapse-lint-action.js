#!/usr/bin/env node
// The step action.yml runs: reads INPUT_* and writes the SARIF file, job summary and outputs.
import { runAction } from '../dist/src/action.js';
import { readFileSync } from 'node:fs';

let out = '';
const code = await runAction(process.env, {
  stdout: (t) => (out += t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0),
  env: process.env,
  isTTY: false,
  cwd: process.cwd(),
}).catch((e) => {
  process.stderr.write(`::error title=synapse-lint::internal error: ${e?.message ?? e}\n`);
  return 2;
});
process.stdout.write(out, () => process.exit(code));
