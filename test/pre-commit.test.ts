/** The pre-commit hook definition: its entry is this package's command, and it fires on .tf files. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './fixture-lib.js';

const hooks = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
const field = (name: string): string => new RegExp(`^ {2}${name}: (.*)$`, 'm').exec(hooks)?.[1]?.trim() ?? '';

describe('pre-commit hook', () => {
  it('runs the package\'s bin on the repository root, once, when .tf or .tfvars files change', () => {
    assert.match(hooks, /^- id: synapse-lint$/m);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(field('entry') in pkg.bin, 'entry is a bin of the package');
    assert.equal(field('language'), 'node');
    assert.equal(field('pass_filenames'), 'false');
    const files = new RegExp(field('files'));
    for (const f of ['main.tf', 'modules/x/variables.tf', 'prod.auto.tfvars']) assert.match(f, files);
    for (const f of ['plan.json', 'README.md', 'main.tf.bak']) assert.doesNotMatch(f, files);
  });

  it('its command works as pre-commit calls it (the entry and args, in the repository root)', () => {
    const args = JSON.parse(field('args')) as string[];
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/synapse-lint.js'), ...args], { cwd: path.join(ROOT, 'examples/seed-blog'), encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /main\.tf:\d+:\d+ +error +SYN202/);
  });
});
