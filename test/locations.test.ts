/** Findings point at the line a person edits: the .tf block or attribute, for .tf input and for plans alike. */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../src/engine/types.js';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const SEED = 'examples/seed-blog';
const text = readFileSync(path.join(ROOT, SEED, 'main.tf'), 'utf8');
const lines = text.split('\n');

/** The lines of `resource "type" "name" { ... }` in the seed's main.tf, found by plain text search. */
function blockLines(address: string): { start: number; end: number } {
  const [type, name] = address.split('.');
  const start = lines.findIndex((l) => l.startsWith(`resource "${type}" "${name}"`));
  assert.ok(start >= 0, `block of ${address}`);
  const end = lines.findIndex((l, i) => i > start && l === '}');
  return { start: start + 1, end: end + 1 };
}

function key(f: Finding): string {
  return `${f.ruleId} ${f.address} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.message}`;
}

describe('locations', () => {
  it('every finding of the seed example is on its block or on an attribute of it in main.tf', async () => {
    const r = await lint([{ path: SEED }], { rules: RULES, cwd: ROOT });
    assert.ok(r.findings.length >= 3);
    for (const f of r.findings) {
      assert.equal(f.location.file, `${SEED}/main.tf`);
      const block = blockLines(f.address);
      assert.ok(f.location.startLine >= block.start && f.location.endLine <= block.end, `${f.ruleId} ${f.address} at ${f.location.startLine}, block ${block.start}-${block.end}`);
      const at = lines[f.location.startLine - 1]!.slice(f.location.startColumn - 1);
      if (f.location.startLine === block.start) assert.ok(at.startsWith('resource "'), at);
      else assert.match(at, /^[a-z_0-9]+ += /, `an attribute: ${at}`);
      const endLine = lines[f.location.endLine - 1]!;
      assert.ok(f.location.endColumn - 1 <= endLine.length, 'the region ends within its line');
    }
    const byRule = new Map(r.findings.map((f) => [f.ruleId, f]));
    // The Log Analytics endpoint's finding is on its subresource_name line.
    const la = byRule.get('SYN202')!;
    assert.match(lines[la.location.startLine - 1]!, /subresource_name += "api"/);
  });

  it('plan findings point at the same .tf lines as the .tf findings', async () => {
    const tf = await lint([{ path: SEED }], { rules: RULES, cwd: ROOT });
    const plan = await lint([{ path: `${SEED}/plan.json` }], { rules: RULES, cwd: ROOT });
    assert.deepEqual(plan.findings.map(key), tf.findings.map(key));
  });

  it('--source-root finds the .tf of a plan that lives elsewhere; without it the plan file is the location', async () => {
    const dir = scratchDir('synapse-lint-plan-');
    cpSync(path.join(ROOT, SEED, 'plan.json'), path.join(dir, 'plan.json'));
    const alone = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
    assert.ok(alone.findings.every((f) => f.location.file === 'plan.json'));
    const mapped = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: ROOT, sourceRoot: SEED });
    assert.ok(mapped.findings.every((f) => f.location.file === `${SEED}/main.tf`), mapped.findings.map((f) => f.location.file).join());
  });
});
