/** The command line as a user runs it: a real process, its output and exit code. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { exitCode, parseOptions, useColor } from '../src/cli.js';
import { RULES } from '../rules/index.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const BIN = path.join(ROOT, 'bin/synapse-lint.js');
const SEED = 'examples/seed-blog/plan.json';

function cli(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    // A guard against a process that never ends, not a speed test.
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli', () => {
  it('lints the bundled example: findings, a summary, exit 1', () => {
    const r = cli([SEED]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /SYN202/);
    assert.match(r.stdout, /SYN106/);
    assert.match(r.stdout, /\d+ findings \(\d+ errors?, \d+ warnings?, \d+ notes?\)\n$/);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour when not a terminal');
  });

  it('--fail-on decides the exit code', () => {
    assert.equal(cli([SEED, '--fail-on', 'never']).code, 0);
    assert.equal(cli([SEED, '--fail-on', 'warning']).code, 1);
    assert.equal(exitCode(['warning'], 0, 'error'), 0);
    assert.equal(exitCode(['warning'], 0, 'warning'), 1);
    assert.equal(exitCode(['note'], 0, 'warning'), 0);
    assert.equal(exitCode(['note'], 0, 'note'), 1);
    assert.equal(exitCode([], 1, 'never'), 2);
  });

  it('writes SARIF to --output and a one-line summary to stdout', () => {
    const dir = scratchDir('synapse-lint-');
    const out = path.join(dir, 'out.sarif');
    const r = cli([SEED, '-f', 'sarif', '-o', out]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
    const log = JSON.parse(readFileSync(out, 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0]!.results.length > 0);
  });

  it('reads a plan from stdin with -', () => {
    const r = cli(['-', '-f', 'sarif'], readFileSync(path.join(ROOT, SEED)));
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'stdin');
  });

  it('--list-rules, --version and --help', () => {
    const list = cli(['--list-rules']);
    assert.equal(list.code, 0);
    assert.equal(list.stdout.trim().split('\n').length, RULES.length + 1, 'the 27 rules and SYN001 (suppression comments)');
    assert.match(list.stdout, /^SYN101 {2}error {4}dep-disabled/m);
    const v = cli(['--version']);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    const h = cli(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Exit codes/);
  });

  it('bad arguments: exit 2 and one line, no stack trace', () => {
    for (const args of [['--nope', SEED], ['--format', 'xml', SEED], ['--fail-on', 'sometimes', SEED], []]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^synapse-lint: /);
    }
  });

  it('a missing file is exit 2 with one line naming it, and the other inputs are still linted', () => {
    const r = cli(['no/such/plan.json', SEED]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'synapse-lint: no/such/plan.json: no such file or directory\n');
    assert.match(r.stdout, /SYN202/);
  });

  it('an unwritable --output is exit 2', () => {
    const r = cli([SEED, '-o', path.join(ROOT, 'no-such-dir/x/out.txt')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot be written/);
  });

  it('colour: --no-color and NO_COLOR win, FORCE_COLOR forces it, else a terminal decides', () => {
    assert.equal(useColor(true, { FORCE_COLOR: '1' }, true), false);
    assert.equal(useColor(false, { NO_COLOR: '1' }, true), false);
    assert.equal(useColor(false, { FORCE_COLOR: '1' }, false), true);
    assert.equal(useColor(false, { FORCE_COLOR: '0' }, true), false);
    assert.equal(useColor(false, {}, true), true);
    assert.equal(useColor(false, {}, false), false);
    const colored = cli([SEED], undefined, { FORCE_COLOR: '1' });
    assert.match(colored.stdout, /\u001b\[31m/);
    const plain = cli([SEED, '--no-color'], undefined, { FORCE_COLOR: '1' });
    assert.doesNotMatch(plain.stdout, /\u001b\[/);
  });

  it('parses short options', () => {
    const o = parseOptions(['-f', 'sarif', '-o', 'x.sarif', 'plan.json']);
    assert.equal(o.format, 'sarif');
    assert.equal(o.output, 'x.sarif');
    assert.deepEqual(o.paths, ['plan.json']);
  });

  it('keeps --var and --var-file in the order given, with = values and values that start with a dash', () => {
    const o = parseOptions(['--var', 'a=1', '--var-file=f.tfvars', 'main', '--var', 'b=-2', '--var-file', 'g.tfvars.json']);
    assert.deepEqual(o.variables, [{ assign: 'a=1' }, { file: 'f.tfvars' }, { assign: 'b=-2' }, { file: 'g.tfvars.json' }]);
    assert.deepEqual(o.paths, ['main']);
  });

  it('output is the same on every run', () => {
    const dir = scratchDir('synapse-lint-');
    const copy = path.join(dir, 'plan.json');
    writeFileSync(copy, readFileSync(path.join(ROOT, SEED)));
    const a = cli([SEED, '-f', 'sarif']).stdout;
    const b = cli([SEED, '-f', 'sarif']).stdout;
    assert.equal(a, b);
    assert.doesNotMatch(a, new RegExp(ROOT.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute paths');
  });
});

describe('cli notes about the input', () => {
  it('a registry module that terraform init has not downloaded is a note: the rest is linted and the exit code is unchanged', () => {
    const dir = scratchDir('synapse-lint-reg-');
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(
      path.join(dir, 'main.tf'),
      'module "syn" {\n  source  = "Azure/avm-res-synapse-workspace/azurerm"\n  version = "0.1.0"\n}\n\nresource "azurerm_synapse_workspace" "ws" {\n  name = "ws"\n}\n',
    );
    const r = spawnSync(process.execPath, [BIN, dir, '--fail-on', 'error'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 1, 'SYN101 on the workspace decides the exit code');
    assert.match(r.stderr, /^synapse-lint: note: .*main\.tf: module "syn": source "Azure\/avm-res-synapse-workspace\/azurerm" is not downloaded/);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1);
    assert.match(r.stdout, /SYN101/);
    assert.match(r.stdout, /1 module not linted/);
  });
  it('a module source written as an expression is an input problem that says Terraform rejects it', () => {
    const dir = scratchDir('synapse-lint-src-');
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'main.tf'), 'variable "src" {\n  type = string\n}\n\nmodule "syn" {\n  source = var.src\n}\n');
    const r = spawnSync(process.execPath, [BIN, dir], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^synapse-lint: .*main\.tf: module "syn": source is an expression \(var\.src\), which Terraform rejects/);
  });
});

describe('text report', () => {
  it('prints each rule\'s fix snippet once, under its first finding, and points there from the others', () => {
    const r = spawnSync(process.execPath, [BIN, 'examples/seed-blog', '--no-color'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    const snippetFirstLine = 'data "azapi_resource" "lake" {';
    assert.equal(r.stdout.split(snippetFirstLine).length - 1, 1, 'the SYN301 snippet once');
    assert.equal((r.stdout.match(/\(example under examples\/seed-blog\/main\.tf:42:1\)/g) ?? []).length, 4, 'the other four SYN301 findings point at it');
  });
});

describe('the bundle', () => {
  it('gives what the modules give: the bin runs the bundle when the build made one, and the modules otherwise', () => {
    const bundle = path.join(ROOT, 'dist/src/cli.bundle.js');
    assert.ok(existsSync(bundle), 'npm run build made the bundle');
    const viaModules = (args: string[]): { code: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { main } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist/src/cli.js')).href)}); await main(process.argv.slice(1));`, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
      return { code: r.status, stdout: r.stdout };
    };
    for (const input of ['examples/seed-blog/plan.json', 'examples/seed-blog']) {
      const a = cli([input, '-f', 'sarif']);
      const b = viaModules([input, '-f', 'sarif']);
      assert.equal(a.code, 1);
      assert.equal(b.code, a.code, input);
      assert.equal(b.stdout, a.stdout, input);
    }
  });
});
