/** Nothing from the input is executed, evaluated as code or fetched, and nothing outside the repository is read. */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../src/cli.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? jsFiles(path.join(dir, d.name)) : d.name.endsWith('.js') ? [path.join(dir, d.name)] : []));
}

async function lintOut(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await run(args, { stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd });
  return { code, out };
}

describe('safety', () => {
  it('the shipped code has no way to run a process, evaluate code or open a network connection', () => {
    const files = [...jsFiles(path.join(ROOT, 'dist/src')), ...jsFiles(path.join(ROOT, 'dist/rules'))];
    assert.ok(files.length > 40);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const banned of [/from ['"](node:)?child_process['"]/, /from ['"](node:)?(http|https|net|tls|dgram|vm|worker_threads)['"]/, /\beval\(/, /new Function\(/, /\bfetch\(/, /child_process/, /process\.binding/, /inspector/]) {
        assert.doesNotMatch(text, banned, `${path.relative(ROOT, f)} matches ${banned}`);
      }
      // V8 flags are set for one thing only, the heap's growth while a plan is linted.
      for (const call of text.match(/setFlagsFromString\([^)]*\)/g) ?? []) {
        assert.ok([path.join('dist', 'src', 'memory.js'), path.join('dist', 'src', 'cli.bundle.js')].includes(path.relative(ROOT, f)), f);
        assert.match(call, /^setFlagsFromString\([`'"]--heap-growing-percent=/, call);
      }
    }
  });

  it('file(), templatefile() and data sources are not read or run: their values are unknown', async () => {
    const dir = scratchDir('synapse-lint-safe-');
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'name.txt'), 'synapse-ws-sql--leaked-from-file');
    writeFileSync(
      path.join(dir, 'main.tf'),
      `resource "azurerm_synapse_workspace" "ws" {
  name                                 = "ws"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}

data "external" "name" {
  program = ["sh", "-c", "touch ${dir}/ran && echo '{\\"n\\":\\"synapse-ws-sql--from-program\\"}'"]
}

resource "azurerm_synapse_managed_private_endpoint" "a" {
  name                 = file("\${path.module}/name.txt")
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  target_resource_id   = azurerm_storage_account.x.id
  subresource_name     = "blob"
}

resource "azurerm_synapse_managed_private_endpoint" "b" {
  name                 = data.external.name.result.n
  synapse_workspace_id = azurerm_synapse_workspace.ws.id
  target_resource_id   = azurerm_storage_account.x.id
  subresource_name     = "dfs"
}
`,
    );
    const { out } = await lintOut(['.', '-f', 'json'], dir);
    const rows = JSON.parse(out) as { ruleId: string; kind: string; address: string }[];
    assert.ok(rows.some((r) => r.ruleId === 'SYN301'), 'the endpoints were linted');
    // The names are unknown: no reserved-name warning, only a note on each that its name could not be checked.
    const names = rows.filter((r) => r.ruleId === 'SYN208');
    assert.deepEqual(names.map((r) => `${r.kind} ${r.address}`).sort(), ['open azurerm_synapse_managed_private_endpoint.a', 'open azurerm_synapse_managed_private_endpoint.b']);
    assert.doesNotMatch(out, /leaked-from-file|from-program/);
    assert.ok(!readdirSync(dir).includes('ran'), 'the data source program did not run');
  });

  it('a plan\'s module source that leaves the repository is not read to locate findings', async () => {
    const base = scratchDir('synapse-lint-escape-');
    const repo = path.join(base, 'repo');
    const outside = path.join(base, 'outside');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'main.tf'), 'resource "azurerm_synapse_workspace" "ws" {\n  name = "x"\n}\n');
    writeFileSync(path.join(repo, 'main.tf'), 'module "m" {\n  source = "../outside"\n}\n');
    const plan = {
      format_version: '1.2',
      configuration: { root_module: { module_calls: { m: { source: '../outside', module: { resources: [{ address: 'azurerm_synapse_workspace.ws', mode: 'managed', type: 'azurerm_synapse_workspace', name: 'ws', expressions: {} }] } } } } },
      resource_changes: [{ address: 'module.m.azurerm_synapse_workspace.ws', module_address: 'module.m', mode: 'managed', type: 'azurerm_synapse_workspace', name: 'ws', change: { actions: ['create'], before: null, after: { name: 'x' }, after_unknown: {} } }],
    };
    writeFileSync(path.join(repo, 'plan.json'), JSON.stringify(plan));
    const { out } = await lintOut(['plan.json', '-f', 'json'], repo);
    const rows = JSON.parse(out) as { ruleId: string; file: string }[];
    assert.ok(rows.some((r) => r.ruleId === 'SYN101'));
    for (const r of rows) assert.equal(r.file, 'plan.json', 'located in the plan, not in ../outside');
  });
});
