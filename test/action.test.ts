/** The GitHub Action's step, run the way a runner runs it: inputs as INPUT_* variables, summary and outputs as files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const STEP = path.join(ROOT, 'bin/synapse-lint-action.js');
const actionYml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8');

/** The names under `inputs:` in action.yml (two-space keys until the next top-level key). */
function declaredInputs(): string[] {
  const block = /^inputs:\n([\s\S]*?)^\S/m.exec(actionYml)![1]!;
  return [...block.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]!);
}

function runStep(inputs: Record<string, string>): { code: number | null; stdout: string; stderr: string; summary: string; outputs: Map<string, string>; dir: string } {
  const dir = scratchDir('synapse-lint-action-');
  const summary = path.join(dir, 'summary.md');
  const output = path.join(dir, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'true' };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [STEP], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = new Map<string, string>();
  for (const line of readFileSync(output, 'utf8').split('\n')) {
    const m = /^([a-z-]+)=(.*)$/.exec(line);
    if (m) outputs.set(m[1]!, m[2]!);
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8'), outputs, dir };
}

describe('GitHub Action', () => {
  it('declares every input its step reads, and passes each to it', () => {
    const declared = declaredInputs();
    assert.deepEqual(declared, ['paths', 'format', 'fail-on', 'config', 'source-root', 'baseline', 'category', 'sarif-file']);
    const read = [...readFileSync(path.join(ROOT, 'src/action.ts'), 'utf8').matchAll(/input\(env, '([a-z-]+)'\)|flag\('([a-z-]+)'/g)].map((m) => m[1] ?? m[2]);
    for (const name of read) assert.ok(declared.includes(name!), `${name} is read but not declared`);
    for (const name of declared) assert.match(actionYml, new RegExp(`INPUT_${name.toUpperCase()}: \\$\\{\\{ inputs\\.${name} \\}\\}`), `${name} is not passed`);
  });

  it('writes SARIF, a job summary, annotations and outputs, and fails per fail-on', () => {
    const r = runStep({ paths: 'examples/seed-blog', 'fail-on': 'error', category: 'synapse-lint', 'sarif-file': '' });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^::error file=examples\/seed-blog\/main\.tf,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=SYN202 invalid-subresource::/m);
    assert.match(r.summary, /^## synapse-lint\n/);
    assert.match(r.summary, /\| 🔴 error \| SYN301 missing-approval \|/);
    assert.equal(r.outputs.get('exit-code'), '1');
    assert.equal(r.outputs.get('errors'), '7');
    assert.equal(r.outputs.get('findings'), '10');
    const sarifFile = r.outputs.get('sarif-file')!;
    assert.equal(sarifFile, 'synapse-lint.sarif', 'the default name');
    const written = path.join(ROOT, sarifFile);
    const log = JSON.parse(readFileSync(written, 'utf8')) as { runs: { automationDetails: { id: string }; results: unknown[] }[] };
    rmSync(written);
    assert.equal(log.runs[0]!.automationDetails.id, 'synapse-lint/');
    assert.equal(log.runs[0]!.results.length, 10);
  });

  it('fail-on never passes the step; a warning threshold counts warnings', () => {
    const sarif = path.join(scratchDir('synapse-lint-action-'), 'x.sarif');
    const never = runStep({ paths: 'examples/seed-blog', 'fail-on': 'never', 'sarif-file': sarif });
    assert.equal(never.code, 0);
    assert.equal(never.outputs.get('exit-code'), '0');
    const quiet = runStep({ paths: 'fixtures/syn208-reserved-endpoint-name/plan.json', 'fail-on': 'warning', 'sarif-file': sarif, format: 'text' });
    assert.equal(quiet.code, 1);
    assert.match(quiet.stdout, /SYN208/);
  });

  it('bad input is exit 2 with an annotation-free one-line error', () => {
    const sarif = path.join(scratchDir('synapse-lint-action-'), 'x.sarif');
    const r = runStep({ paths: 'no/such/plan.json', 'sarif-file': sarif });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^synapse-lint: no\/such\/plan\.json: no such file or directory$/m);
    assert.equal(r.outputs.get('exit-code'), '2');
  });
});
