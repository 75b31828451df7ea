/**
 * The .tf loader on input that cannot be committed as a fixture (symbolic links, built at run
 * time in a temporary "repository"), plus --var / --var-file and "nothing in the input runs"
 * (SPEC §2, §3, §7).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { lint, type LintResult } from '../src/lint.js';
import type { VariableInput } from '../src/load/tf.js';
import { RULES } from '../rules/index.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

/** A DEP-off workspace: SYN101 fails on it, which shows that its file was linted. */
function depOffWorkspace(name: string): string {
  return `resource "azurerm_synapse_workspace" "${name}" {
  name                                 = "syn-${name}"
  resource_group_name                  = "rg-data"
  location                             = "westeurope"
  storage_data_lake_gen2_filesystem_id = "https://stlakeprod.dfs.core.windows.net/synapse"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = false

  identity {
    type = "SystemAssigned"
  }
}
`;
}

/** A workspace whose DEP comes from var.dep_enabled (default true). */
const DEP_FROM_VARIABLE = `variable "dep_enabled" {
  type    = bool
  default = true
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-prod"
  resource_group_name                  = "rg-data"
  location                             = "westeurope"
  storage_data_lake_gen2_filesystem_id = "https://stlakeprod.dfs.core.windows.net/synapse"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = var.dep_enabled

  identity {
    type = "SystemAssigned"
  }
}
`;

let tmp: string;
/** The temporary repository: it has a .git folder, so it is the boundary modules may not leave. */
let repo: string;
let linksWork = true;

function write(rel: string, text: string): void {
  const p = path.join(repo, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** A symbolic link at `rel` (in the repository) pointing at `target` as given. */
function link(target: string, rel: string): void {
  const p = path.join(repo, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  try {
    symlinkSync(target, p, 'dir');
  } catch (e) {
    // Windows without the right to create links: the link cases are skipped.
    if ((e as NodeJS.ErrnoException).code === 'EPERM') linksWork = false;
    else throw e;
  }
}

function needLinks(t: TestContext): boolean {
  if (!linksWork) t.skip('symbolic links cannot be created here');
  return linksWork;
}

async function run(paths: string[], options: { variables?: VariableInput[] } = {}): Promise<LintResult> {
  return lint(
    paths.map((p) => ({ path: p })),
    { rules: RULES, cwd: repo, ...options },
  );
}

function failsOf(r: LintResult, ruleId: string): string[] {
  return r.findings.filter((f) => f.ruleId === ruleId && f.kind === 'fail').map((f) => f.address).sort();
}

function problemLines(r: LintResult): string[] {
  return r.problems.map((p) => `${p.file}: ${p.message}`);
}

before(() => {
  tmp = realpathSync(scratchDir('synapse-lint-tf-'));
  repo = path.join(tmp, 'repo');
  mkdirSync(path.join(repo, '.git'), { recursive: true });

  // A module outside the repository: it must never be read.
  mkdirSync(path.join(tmp, 'outside'), { recursive: true });
  writeFileSync(path.join(tmp, 'outside', 'main.tf'), depOffWorkspace('outside'));

  // A root module whose local module folder is a link to the folder outside the repository,
  // next to a module inside it that is linted as usual.
  write('escape/main.tf', `${depOffWorkspace('root')}
module "escaped" {
  source = "./modules/escaped"
}

module "inside" {
  source = "./modules/inside"
}
`);
  write('escape/modules/inside/main.tf', depOffWorkspace('inside'));
  link(path.join('..', '..', '..', 'outside'), 'escape/modules/escaped');

  // A module source that is a symbolic link loop (a -> b -> a).
  write('loop/main.tf', `${depOffWorkspace('root')}
module "looping" {
  source = "./modules/loop-a"
}
`);
  link('loop-b', 'loop/modules/loop-a');
  link('loop-a', 'loop/modules/loop-b');

  // A root folder that is itself a link loop, and a good root to lint with it.
  link('self-loop', 'self-loop');
  write('good/main.tf', depOffWorkspace('good'));

  // A .tf file that is a link loop, and one that is a link to nothing, next to a valid file.
  write('file-loop/main.tf', depOffWorkspace('root'));
  link('loop.tf', 'file-loop/loop.tf');
  write('file-dangling/main.tf', depOffWorkspace('root'));
  link('nothing-here.tf', 'file-dangling/dangling.tf');

  // --var and --var-file.
  write('vars/main.tf', DEP_FROM_VARIABLE);
  write('vars/terraform.tfvars', 'dep_enabled = true\n');
  write('vars/ci.tfvars', 'dep_enabled = false\n');
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('tf loader: symbolic links', () => {
  it('a local module folder that links outside the repository is one problem naming the file; the rest is linted', async (t) => {
    if (!needLinks(t)) return;
    const r = await run(['escape']);
    const lines = problemLines(r);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(r.problems[0]!.file, 'escape/main.tf');
    assert.match(r.problems[0]!.message, /module "escaped"/);
    assert.match(r.problems[0]!.message, /leaves the repository/);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.root', 'module.inside.azurerm_synapse_workspace.inside']);
    assert.ok(!r.findings.some((f) => f.address.includes('outside')), 'nothing outside the repository is read');
  });

  it('a module source that is a symbolic link loop is one problem naming the file; the rest is linted', async (t) => {
    if (!needLinks(t)) return;
    const r = await run(['loop']);
    const lines = problemLines(r);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(r.problems[0]!.file, 'loop/main.tf');
    assert.match(r.problems[0]!.message, /module "looping"/);
    assert.match(r.problems[0]!.message, /symbolic link loop/);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.root']);
  });

  it('a root folder that is a link loop is one problem naming it; another input of the run is still linted', async (t) => {
    if (!needLinks(t)) return;
    const alone = await run(['self-loop']);
    assert.equal(problemLines(alone).length, 1, problemLines(alone).join('\n'));
    assert.equal(alone.problems[0]!.file, 'self-loop');
    assert.match(alone.problems[0]!.message, /symbolic link loop/);
    assert.deepEqual(alone.findings, []);

    const both = await run(['self-loop', 'good']);
    assert.equal(both.problems.length, 1, problemLines(both).join('\n'));
    assert.equal(both.problems[0]!.file, 'self-loop');
    assert.deepEqual(failsOf(both, 'SYN101'), ['azurerm_synapse_workspace.good']);
  });

  it('a .tf file that is a link loop is one problem naming it, not a crash; the other file is linted', async (t) => {
    if (!needLinks(t)) return;
    const r = await run(['file-loop']);
    const lines = problemLines(r);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(r.problems[0]!.file, 'file-loop/loop.tf');
    assert.match(r.problems[0]!.message, /symbolic link loop/);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.root']);
  });

  it('a .tf file that is a link to nothing is one problem naming it, not a crash; the other file is linted', async (t) => {
    if (!needLinks(t)) return;
    const r = await run(['file-dangling']);
    const lines = problemLines(r);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.equal(r.problems[0]!.file, 'file-dangling/dangling.tf');
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.root']);
  });
});

describe('tf loader: --var and --var-file', () => {
  it('without them, the default and terraform.tfvars (true) give a DEP workspace', async () => {
    const r = await run(['vars']);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(failsOf(r, 'SYN101'), []);
  });

  it('--var dep_enabled=false turns DEP off (SYN101)', async () => {
    const r = await run(['vars'], { variables: [{ assign: 'dep_enabled=false' }] });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.this']);
    const f = r.findings.find((x) => x.ruleId === 'SYN101')!;
    assert.match(f.message, /data_exfiltration_protection_enabled = false/);
  });

  it('--var-file with dep_enabled = false wins over terraform.tfvars (SYN101)', async () => {
    const r = await run(['vars'], { variables: [{ file: 'vars/ci.tfvars' }] });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.this']);
  });

  it('--var and --var-file apply in the order given: the last one wins, as in Terraform', async () => {
    const fileLast = await run(['vars'], { variables: [{ assign: 'dep_enabled=true' }, { file: 'vars/ci.tfvars' }] });
    assert.deepEqual(failsOf(fileLast, 'SYN101'), ['azurerm_synapse_workspace.this']);
    const varLast = await run(['vars'], { variables: [{ file: 'vars/ci.tfvars' }, { assign: 'dep_enabled=true' }] });
    assert.deepEqual(failsOf(varLast, 'SYN101'), []);
  });

  it('a --var-file that does not exist is a problem naming it; the configuration is still linted', async () => {
    const r = await run(['vars'], { variables: [{ file: 'vars/missing.tfvars' }, { assign: 'dep_enabled=false' }] });
    assert.equal(r.problems.length, 1, problemLines(r).join('\n'));
    assert.equal(r.problems[0]!.file, 'vars/missing.tfvars');
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.this']);
  });
});

describe('tf loader: nothing in the input is executed', () => {
  it('a local-exec provisioner and an external data source do not run', async () => {
    const marker = path.join(tmp, 'local-exec-ran');
    const marker2 = path.join(tmp, 'external-ran');
    write('exec/main.tf', `${depOffWorkspace('root')}
resource "null_resource" "run" {
  triggers = {
    always = timestamp()
  }

  provisioner "local-exec" {
    command = ${JSON.stringify(`touch ${marker}`)}
  }
}

resource "terraform_data" "run" {
  provisioner "local-exec" {
    interpreter = ["/bin/sh", "-c"]
    command     = ${JSON.stringify(`echo ran > ${marker}`)}
  }
}

data "external" "run" {
  program = ["/bin/sh", "-c", ${JSON.stringify(`touch ${marker2}; echo '{}'`)}]
}
`);
    const r = await run(['exec']);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.root']);
    assert.equal(existsSync(marker), false, 'the local-exec command ran');
    assert.equal(existsSync(marker2), false, 'the external program ran');
  });
});

describe('tf loader: keys that name prototype members', () => {
  it('__proto__ and constructor in attributes and blocks are plain own data, and nothing is polluted', async () => {
    write('proto/main.tf', `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-proto"
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = false
  tags = {
    __proto__   = "p"
    constructor = "c"
  }
  __proto__ {
    data_exfiltration_protection_enabled = true
  }
}
`);
    const r = await run(['proto']);
    assert.deepEqual(failsOf(r, 'SYN101'), ['azurerm_synapse_workspace.this']);
    const ws = r.graphs[0]!.node('azurerm_synapse_workspace.this')!;
    const values = ws.values as Record<string, unknown>;
    const tags = values.tags as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(tags), Object.prototype);
    assert.deepEqual(Object.keys(tags).sort(), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value, 'p');
    assert.ok(Object.hasOwn(values, '__proto__'));
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
    assert.equal(values.data_exfiltration_protection_enabled, false);
    assert.equal(({} as Record<string, unknown>).data_exfiltration_protection_enabled, undefined);
  });
});

describe('tf loader: fixtures with more than one problem', () => {
  it('tfload-missing-module reports both module calls that cannot be followed, one line each', async () => {
    const r = await lint([{ path: 'fixtures/tfload-missing-module' }], { rules: RULES, cwd: ROOT });
    const lines = problemLines(r);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.ok(lines.every((l) => l.startsWith('fixtures/tfload-missing-module/main.tf: ')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('module "network"') && l.includes('./modules/does-not-exist')), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('module "analytics"') && l.includes('Azure/avm-res-synapse-workspace/azurerm')), lines.join('\n'));
    assert.ok(lines.every((l) => !l.includes('\n')), 'one line each');
  });
});

describe('tf loader: empty files', () => {
  it('an empty .tf or .tfvars file is valid Terraform; an empty .tf.json is not JSON, and the other files still place a plan\'s findings', async () => {
    const dir = scratchDir('synapse-lint-empty-');
    mkdirSync(path.join(dir, '.git'));
    for (const f of ['main.tf', 'plan.json']) writeFileSync(path.join(dir, f), readFileSync(path.join(ROOT, 'examples/seed-blog', f)));
    writeFileSync(path.join(dir, 'empty.tf'), '');
    writeFileSync(path.join(dir, 'terraform.tfvars'), '');
    const seed = await lint([{ path: 'examples/seed-blog' }], { rules: RULES, cwd: ROOT });
    const tf = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    assert.deepEqual(tf.problems, []);
    assert.equal(tf.findings.length, seed.findings.length);
    writeFileSync(path.join(dir, 'broken.tf.json'), '');
    const json = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    assert.deepEqual(json.problems.map((p) => `${p.file}: ${p.message}`), ['broken.tf.json: the file is empty']);
    const plan = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
    assert.deepEqual(plan.problems, []);
    assert.ok(plan.findings.length > 0 && plan.findings.every((f) => f.location.file === 'main.tf'), plan.findings.map((f) => f.location.file).join(','));
  });
});

describe('tf loader: hidden files', () => {
  it('are not configuration, as for Terraform: an editor lock link to nowhere and a file set aside are not read', async () => {
    const dir = scratchDir('synapse-lint-hidden-');
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'main.tf'), depOffWorkspace('kept'));
    writeFileSync(path.join(dir, '.old.tf'), depOffWorkspace('set_aside'));
    symlinkSync('root@host.1234:1700000000', path.join(dir, '.#main.tf'));
    const r = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    assert.deepEqual(r.problems, []);
    assert.deepEqual([...new Set(r.findings.map((f) => f.address))], ['azurerm_synapse_workspace.kept']);
  });
});

describe('tf loader: dynamic blocks', () => {
  it('expands known for_each into blocks with the iterator bound, and makes no node for an iterator', async () => {
    const r = await lint([{ path: 'fixtures/tfload-dynamic-blocks' }], { rules: RULES, cwd: ROOT });
    const graph = r.graphs[0]!;
    const one = graph.node('azurerm_synapse_spark_pool.one')!;
    assert.deepEqual((one.values as Record<string, unknown>).library_requirement, [{ content: 'pandas==2.2.0', filename: 'requirements.txt' }]);
    assert.equal((graph.node('azurerm_synapse_spark_pool.none')!.values as Record<string, unknown>).library_requirement, undefined);
    assert.equal((graph.node('azurerm_synapse_spark_pool.team')!.unknown as Record<string, unknown>).library_requirement, true);
    assert.deepEqual(graph.nodes.filter((n) => !n.declared).map((n) => n.address), ['Microsoft.Storage/storageAccounts/stlake']);
  });
});

describe('tf loader: instances of a for_each map written in place', () => {
  it('are one per key, known even where the values are not; keys that are expressions are not counted', async () => {
    const dir = scratchDir('synapse-lint-foreach-');
    mkdirSync(path.join(dir, '.git'));
    const endpoint = (name: string, forEach: string): string =>
      `resource "azurerm_synapse_managed_private_endpoint" "${name}" {\n  for_each             = ${forEach}\n  name                 = each.key\n  synapse_workspace_id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Synapse/workspaces/w"\n  target_resource_id   = each.value\n  subresource_name     = "dfs"\n}\n`;
    writeFileSync(
      path.join(dir, 'main.tf'),
      [
        'variable "suffix" {}',
        endpoint('literal', '{ raw = azurerm_storage_account.raw.id, curated = azurerm_storage_account.curated.id }'),
        endpoint('keyed', '{ "${var.suffix}" = azurerm_storage_account.raw.id }'),
        endpoint('empty', '{}'),
      ].join('\n'),
    );
    const r = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    const instances = (name: string): unknown => r.graphs[0]!.node(`azurerm_synapse_managed_private_endpoint.${name}`)?.instances;
    assert.equal(instances('literal'), 2);
    assert.equal(instances('keyed'), 'unknown');
    assert.equal(r.graphs[0]!.node('azurerm_synapse_managed_private_endpoint.empty'), undefined, 'no instance: not linted');
  });
});
