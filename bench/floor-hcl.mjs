// The floor for .tf input: parse every .tf file of the folder with @cdktf/hcl2json, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

const dir = process.argv[2];
for (const f of readdirSync(dir).filter((n) => n.endsWith('.tf')).sort()) await parse(f, readFileSync(path.join(dir, f), 'utf8'));
// The WebAssembly runtime keeps the event loop alive, as in the linter.
process.exit(0);
