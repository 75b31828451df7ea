/** User controls end to end: baseline, --rule, --explain, the report formats, and the configuration's documentation. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../src/cli.js';
import { applyControls, inlineSuppressions } from '../src/engine/controls.js';
import type { Finding } from '../src/engine/types.js';
import type { CoveringBlock } from '../src/graph/types.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const BIN = path.join(ROOT, 'bin/synapse-lint.js');

async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd });
  return { code, stdout, stderr };
}

/** A copy of the seed example in a repository of its own, to change freely. */
function seedCopy(): string {
  const dir = scratchDir('synapse-lint-ctl-');
  mkdirSync(path.join(dir, '.git'));
  cpSync(path.join(ROOT, 'examples/seed-blog/main.tf'), path.join(dir, 'main.tf'));
  return dir;
}

describe('baseline', () => {
  it('an earlier run lets the gate pass; a new finding still fails it', async () => {
    const dir = seedCopy();
    const before = await cli(['.', '-f', 'sarif', '-o', 'baseline.sarif'], dir);
    assert.equal(before.code, 1);
    const same = await cli(['.', '--baseline', 'baseline.sarif'], dir);
    assert.equal(same.code, 0, same.stdout);
    assert.match(same.stdout, /no problems found \(0 errors, 0 warnings, 0 notes\); \d+ in the baseline/);
    // A new mistake: an endpoint with the wrong subresource.
    const text = readFileSync(path.join(dir, 'main.tf'), 'utf8');
    writeFileSync(
      path.join(dir, 'main.tf'),
      `${text}\nresource "azurerm_synapse_managed_private_endpoint" "queue" {\n  name                 = "pe-queue"\n  synapse_workspace_id = azurerm_synapse_workspace.this.id\n  target_resource_id   = azurerm_storage_account.data.id\n  subresource_name     = "queues"\n}\n`,
    );
    const after = await cli(['.', '--baseline', 'baseline.sarif', '-f', 'sarif'], dir);
    assert.equal(after.code, 1);
    const log = JSON.parse(after.stdout) as { runs: { results: { ruleId: string; baselineState: string; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    const fresh = log.runs[0]!.results.filter((r) => r.baselineState === 'new');
    assert.deepEqual([...new Set(fresh.map((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName))], ['azurerm_synapse_managed_private_endpoint.queue']);
    assert.ok(log.runs[0]!.results.some((r) => r.baselineState === 'unchanged'));
  });

  it('a file that is not SARIF is exit 2 with one line', async () => {
    const r = await cli(['examples/seed-blog', '--baseline', 'package.json']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'synapse-lint: package.json: not a SARIF log (no runs)\n');
  });
});

describe('--rule and --explain', () => {
  it('--rule turns a rule off or changes its level, and decides the exit code', async () => {
    const off = await cli(['examples/seed-blog', '--rule', 'SYN301=off', '--rule', 'SYN202=warning', '--rule', 'SYN106=note', '-f', 'json']);
    const rows = JSON.parse(off.stdout) as { ruleId: string; level: string }[];
    assert.ok(!rows.some((r) => r.ruleId === 'SYN301'));
    assert.ok(rows.filter((r) => r.ruleId === 'SYN202').every((r) => r.level === 'warning'));
    assert.equal(off.code, 0);
    const bad = await cli(['examples/seed-blog', '--rule', 'SYN999=off']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no rule SYN999/);
    assert.equal((await cli(['examples/seed-blog', '--rule', 'SYN301']))?.code, 2);
  });

  it('--explain prints the rule page by ID or name', async () => {
    const a = await cli(['--explain', 'SYN202']);
    assert.equal(a.code, 0);
    assert.match(a.stdout, /^# SYN202 invalid-subresource/);
    assert.match(a.stdout, /## Example/);
    assert.equal((await cli(['--explain', 'missing-approval'])).stdout.split('\n')[0], '# SYN301 missing-approval');
    assert.equal((await cli(['--explain', 'SYN999'])).code, 2);
  });
});

describe('formats', () => {
  it('json: one object per finding with the documented fields', async () => {
    const r = await cli(['examples/seed-blog', '-f', 'json']);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(rows.length >= 8);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row).sort(), ['address', 'baselined', 'column', 'endColumn', 'endLine', 'file', 'fingerprint', 'kind', 'level', 'line', 'message', 'related', 'ruleId', 'suppressed'].sort());
    }
  });

  it('github: workflow commands with escaped properties and data', async () => {
    const dir = scratchDir('synapse-lint-gh-');
    mkdirSync(path.join(dir, '.git'));
    const sub = path.join(dir, 'a,b:c');
    mkdirSync(sub);
    writeFileSync(path.join(sub, 'main.tf'), 'resource "azurerm_synapse_workspace" "ws" {\n  name = "100%"\n}\n');
    const r = await cli(['a,b:c', '-f', 'github'], dir);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.length >= 1);
    assert.match(lines[0]!, /^::(error|warning|notice) file=a%2Cb%3Ac\/main\.tf,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=SYN\d{3} [a-z-]+::/);
    assert.ok(lines.every((l) => !l.includes('\n')));
  });

  it('markdown: a table with counts, pipes escaped', async () => {
    const r = await cli(['examples/seed-blog', '-f', 'markdown']);
    assert.match(r.stdout, /^## synapse-lint\n\n\*\*7 errors, 1 warning, 2 notes\*\*/);
    assert.match(r.stdout, /\| level \| rule \| where \| resource \| finding \|/);
    assert.match(r.stdout, /\| 🔴 error \| SYN202 invalid-subresource \| `examples\/seed-blog\/main\.tf:97` \|/);
  });
});

describe('inline suppression comments', () => {
  it('cover the block below, the attribute below or on the same line, or the block whose body they open or whose header line they end', () => {
    const text = [
      '# synapse-lint-ignore SYN301 approved by hand',
      'resource "azurerm_synapse_managed_private_endpoint" "a" {',
      '  name = "a"',
      '  # synapse-lint-ignore SYN203 the service returns this casing',
      '  subresource_name = "sqlserver"',
      '  target_resource_id = "x" // synapse-lint-ignore SYN206 documented by support',
      '}',
      'resource "azurerm_synapse_workspace" "w" {',
      '  // synapse-lint-ignore SYN601,SYN105 private network reviewed',
      '',
      '  tags = {}',
      '}',
      '# synapse-lint-ignore SYN101',
      'resource "azurerm_synapse_workspace" "v" {}',
      'resource "azurerm_synapse_workspace" "u" { # synapse-lint-ignore SYN101 on the header line',
      '  name = "u"',
      '  identity { # synapse-lint-ignore SYN102 inner header',
      '    type = "SystemAssigned"',
      '  }',
      '}',
    ].join('\n');
    const s = inlineSuppressions('main.tf', text).map((x) => [x.rules.join(','), x.reason, x.from, x.to]);
    assert.deepEqual(s, [
      ['SYN301', 'approved by hand', 2, 7],
      ['SYN203', 'the service returns this casing', 5, 5],
      ['SYN206', 'documented by support', 6, 6],
      ['SYN601,SYN105', 'private network reviewed', 8, 12],
      ['SYN101', '', 14, 14],
      ['SYN101', 'on the header line', 15, 20],
      ['SYN102', 'inner header', 17, 19],
    ]);
  });

  /** The findings of `findings` that the comment in `text` (main.tf) suppresses with `reason`, given these covering blocks. */
  const suppressedBy = (text: string, reason: string, findings: Finding[], coveringBlocks: CoveringBlock[]): string[] =>
    applyControls(findings, new Map([['main.tf', text]]), { configDir: '.', cwd: '.', ruleIds: new Set(['SYN101']), activeRuleIds: new Set(['SYN101']), coveringBlocks })
      .filter((f) => f.suppressions?.some((x) => x.justification === reason))
      .map((f) => f.address);
  const syn101 = (address: string, file: string, line: number): Finding => ({
    ruleId: 'SYN101',
    level: 'error',
    kind: 'fail',
    message: address,
    address,
    location: { file, startLine: line, startColumn: 1, endLine: line, endColumn: 2 },
    related: [],
    fingerprint: address,
  });

  it('on a module block, cover the resources of that module and its modules, whatever their instance keys', () => {
    const text = ['# synapse-lint-ignore SYN101 migrated in Q3', 'module "legacy" {', '  source = "./legacy"', '}'].join('\n');
    const findings = [
      syn101('module.legacy[0].azurerm_synapse_workspace.a', 'legacy/main.tf', 3),
      syn101('module.legacy["x"].module.inner.azurerm_synapse_workspace.b', 'legacy/inner/main.tf', 3),
      syn101('module.legacy_two.azurerm_synapse_workspace.c', 'legacy/main.tf', 3),
      syn101('azurerm_synapse_workspace.root', 'root.tf', 1),
    ];
    const suppressed = (blocks: CoveringBlock[]): string[] => suppressedBy(text, 'migrated in Q3', findings, blocks);
    assert.deepEqual(suppressed([{ file: 'main.tf', from: 2, to: 4, kind: 'module', covers: 'module.legacy' }]), [
      'module.legacy[0].azurerm_synapse_workspace.a',
      'module.legacy["x"].module.inner.azurerm_synapse_workspace.b',
    ]);
    // The block of another module, or of another file, does not count.
    assert.deepEqual(suppressed([{ file: 'other.tf', from: 2, to: 4, kind: 'module', covers: 'module.legacy' }]), []);
    assert.deepEqual(suppressed([{ file: 'main.tf', from: 2, to: 4, kind: 'module', covers: 'module.legacy_two.inner' }]), []);
  });

  it('on a block of a resource with overrides, cover that resource wherever its findings point, and nothing else', () => {
    const text = ['# synapse-lint-ignore SYN101 sandbox', 'resource "azurerm_synapse_workspace" "a" {', '  name = "a"', '}'].join('\n');
    const findings = [
      syn101('azurerm_synapse_workspace.a', 'dev_override.tf', 2),
      syn101('azurerm_synapse_workspace.a[1]', 'dev_override.tf', 2),
      syn101('azurerm_synapse_workspace.ab', 'dev_override.tf', 6),
      syn101('module.m.azurerm_synapse_workspace.a', 'm/override.tf', 2),
    ];
    const suppressed = (blocks: CoveringBlock[]): string[] => suppressedBy(text, 'sandbox', findings, blocks);
    assert.deepEqual(suppressed([{ file: 'main.tf', from: 2, to: 4, kind: 'resource', covers: 'azurerm_synapse_workspace.a' }]), [
      'azurerm_synapse_workspace.a',
      'azurerm_synapse_workspace.a[1]',
    ]);
    // Without the block listed, only findings inside its lines count: none here.
    assert.deepEqual(suppressed([]), []);
    // A resource's address is not a module path: it covers no module's resources.
    assert.deepEqual(suppressed([{ file: 'main.tf', from: 2, to: 4, kind: 'resource', covers: 'module.m' }]), []);
  });
});

describe('configuration documentation', () => {
  it('the README lists exactly the keys of the schema, and the generated types have them', () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schema/synapse-lint.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    const keys = Object.keys(schema.properties).filter((k) => k !== '$schema').sort();
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- config:start'), readme.indexOf('<!-- config:end -->'));
    const documented = [...section.matchAll(/^\| `([A-Za-z$]+)` \|/gm)].map((m) => m[1]!).sort();
    assert.deepEqual(documented, keys);
    const types = readFileSync(path.join(ROOT, 'src/generated/config.ts'), 'utf8');
    for (const k of keys) assert.match(types, new RegExp(`\\b${k}\\?:`), k);
  });

  it('the README example configuration is valid', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const example = /### Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]!;
    const dir = scratchDir('synapse-lint-cfg-');
    writeFileSync(path.join(dir, '.synapse-lint.json'), example);
    cpSync(path.join(ROOT, 'examples/seed-blog/main.tf'), path.join(dir, 'main.tf'));
    const r = spawnSync(process.execPath, [BIN, '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(r.status, 2, r.stderr);
    assert.doesNotMatch(r.stdout, /SYN601/, 'the example turns SYN601 off');
  });
});

describe('address globs', () => {
  it('match like -target, with instance keys taken literally', async () => {
    const { addressMatches } = await import('../src/engine/controls.js');
    assert.ok(addressMatches('azurerm_x.y["a"]', 'azurerm_x.y'));
    assert.ok(addressMatches('module.m.azurerm_x.y', 'module.m'));
    assert.ok(addressMatches('module.team["ops"].azurerm_x.y', 'module.team["ops"].*'));
    assert.ok(!addressMatches('module.team["dev"].azurerm_x.y', 'module.team["ops"].*'));
    assert.ok(addressMatches('azurerm_synapse_managed_private_endpoint.legacy_dfs', 'azurerm_synapse_managed_private_endpoint.legacy_*'));
    assert.ok(!addressMatches('azurerm_x.yy', 'azurerm_x.y'));
  });
});
