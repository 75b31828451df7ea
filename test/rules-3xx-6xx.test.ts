/**
 * Rules SYN301 to SYN602, beyond what a fixture's expected.json can say: the resources a finding names
 * as related, the attribute it points at (its line), how many findings one resource gets, and the
 * helpers the rules share. Each case reads one of the fixtures/mut-SYN3..6* cases.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundledCatalog } from '../src/catalog.js';
import type { Finding } from '../src/engine/types.js';
import { GraphBuilder, type NodeInit } from '../src/graph/build.js';
import type { Ref } from '../src/graph/types.js';
import { lint } from '../src/lint.js';
import { toSarif } from '../src/report/sarif.js';
import { synapseModel } from '../src/model/synapse.js';
import { RULES } from '../rules/index.js';
import { SYN306 } from '../rules/SYN306.js';
import { coveredEndpoints, targetOf } from '../rules/lib/approvals.js';
import { maybeServedScopes, servedScopes } from '../rules/lib/ampls.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const cache = new Map<string, Promise<Finding[]>>();

/** The findings of a fixture input (a folder of .tf or a plan), linted once. */
function findingsOf(input: string): Promise<Finding[]> {
  let hit = cache.get(input);
  if (!hit) {
    hit = lint([{ path: path.join('fixtures', input) }], { rules: RULES, cwd: ROOT }).then((r) => {
      assert.deepEqual(r.problems, []);
      return r.findings;
    });
    cache.set(input, hit);
  }
  return hit;
}

async function findings(input: string, ruleId: string, address: string): Promise<Finding[]> {
  return (await findingsOf(input)).filter((f) => f.ruleId === ruleId && f.address === address);
}

async function one(input: string, ruleId: string, address: string, related?: readonly string[]): Promise<Finding> {
  let list = await findings(input, ruleId, address);
  if (related) list = list.filter((f) => sameSet(f.related.map((r) => r.address), related));
  assert.equal(list.length, 1, `${ruleId} on ${address}${related ? ` related to ${related.join(', ')}` : ''}: ${list.length} findings`);
  return list[0]!;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}

/** The 1-based line of a block (`resource "t" "n"`), or of an attribute or nested block inside it. */
function lineOf(folder: string, address: string, attribute?: string): number {
  const lines = readFileSync(path.join(ROOT, 'fixtures', folder, 'main.tf'), 'utf8').split('\n');
  const dot = address.indexOf('.');
  const [type, name] = [address.slice(0, dot), address.slice(dot + 1)];
  const start = lines.findIndex((l) => l.startsWith(`resource "${type}" "${name}" {`));
  assert.ok(start >= 0, `no block ${address}`);
  if (!attribute) return start + 1;
  const attr = new RegExp(`^\\s*${attribute}\\s*(=|\\{)`);
  for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) if (attr.test(lines[i]!)) return i + 1;
  assert.fail(`no ${attribute} in ${address}`);
}

interface Case {
  readonly rule: string;
  readonly address: string;
  /** The resources the finding names besides its own (any order). */
  readonly related: readonly string[];
  /** The attribute it points at; absent: the block. Undefined for plan input (no .tf). */
  readonly attribute?: string | null;
  readonly kind?: 'fail' | 'open';
}

function check(folder: string, cases: readonly Case[]): void {
  const tf = !folder.endsWith('.json');
  for (const c of cases) {
    const where = c.attribute ? ` at ${c.attribute}` : tf ? ' at its block' : '';
    it(`${c.rule} on ${c.address}: related ${c.related.join(', ') || 'none'}${where}`, async () => {
      const f = await one(folder, c.rule, c.address, c.related);
      if (c.kind) assert.equal(f.kind, c.kind);
      if (tf) {
        assert.equal(f.location.file, `fixtures/${folder}/main.tf`);
        assert.equal(f.location.startLine, lineOf(folder, c.address, c.attribute ?? undefined));
      }
    });
  }
}

const MPE = 'azurerm_synapse_managed_private_endpoint';

describe('SYN301 to SYN306: related resources and locations', () => {
  describe('mut-SYN301-unknown-target', () => {
    check('mut-SYN301-unknown-target', [
      { rule: 'SYN301', address: `${MPE}.mystery`, related: [], kind: 'fail' },
      { rule: 'SYN301', address: `${MPE}.dual`, related: ['azurerm_storage_account.lake', 'azurerm_storage_account.raw'], kind: 'fail' },
      { rule: 'SYN301', address: `${MPE}.pending_kv`, related: ['azurerm_key_vault.kv'], kind: 'open' },
    ]);
  });

  describe('mut-SYN30x-by-target', () => {
    check('mut-SYN30x-by-target', [
      { rule: 'SYN301', address: `${MPE}.mystery`, related: [], kind: 'open' },
      { rule: 'SYN301', address: `${MPE}.literal`, related: [], kind: 'fail' },
      { rule: 'SYN305', address: 'null_resource.approve_raw', related: [], kind: 'fail' },
      { rule: 'SYN306', address: 'azapi_update_resource.approve_sql', related: [], kind: 'fail' },
    ]);
  });

  describe('mut-SYN30x-cli-forms', () => {
    const folder = 'mut-SYN30x-cli-forms';
    check(folder, [
      { rule: 'SYN302', address: 'null_resource.approve_kv', related: [`${MPE}.kv_a`, 'azurerm_key_vault.kv'], kind: 'fail' },
      {
        rule: 'SYN303',
        address: 'terraform_data.approve_raw_dfs',
        related: [`${MPE}.raw_dfs`, 'azurerm_storage_account.raw', 'azurerm_storage_account.lake', 'azurerm_key_vault.kv'],
        kind: 'fail',
      },
      { rule: 'SYN304', address: 'azapi_update_resource.approve_lake_blob', related: [`${MPE}.lake_blob`, `${MPE}.lake_dfs`], attribute: 'depends_on', kind: 'fail' },
      { rule: 'SYN305', address: 'terraform_data.approve_lake_dfs', related: [`${MPE}.lake_dfs`], kind: 'fail' },
      { rule: 'SYN306', address: 'azapi_update_resource.approve_lake_blob', related: [], kind: 'fail' },
    ]);

    it('SYN302 reports a mistyped approval once per declared type, whatever its casing and however many endpoints it covers', async () => {
      assert.equal((await findings(folder, 'SYN302', 'null_resource.approve_kv')).length, 1);
    });

    it('SYN302 does not fail an approval whose endpoint targets a type without a known ARM type', async () => {
      assert.deepEqual((await findings(folder, 'SYN302', 'terraform_data.approve_partner')).filter((f) => f.kind === 'fail'), []);
    });

    it('SYN304 reports an approval once, naming every endpoint it covers and does not depend on', async () => {
      assert.equal((await findings(folder, 'SYN304', 'azapi_update_resource.approve_lake_blob')).length, 1);
    });
  });

  describe('mut-SYN30x-plan-unreadable', () => {
    check('mut-SYN30x-plan-unreadable/plan.json', [
      { rule: 'SYN301', address: `${MPE}.kv_vault`, related: ['azurerm_key_vault.kv', 'null_resource.approve_kv'], kind: 'open' },
      { rule: 'SYN301', address: `${MPE}.lake_dfs`, related: ['azurerm_storage_account.lake', 'null_resource.approve_lake'], kind: 'open' },
      { rule: 'SYN302', address: 'null_resource.approve_kv', related: [`${MPE}.kv_vault`], kind: 'open' },
      { rule: 'SYN302', address: 'null_resource.approve_lake', related: [`${MPE}.lake_blob`], kind: 'open' },
      { rule: 'SYN303', address: 'null_resource.approve_kv', related: [`${MPE}.kv_vault`], kind: 'open' },
      { rule: 'SYN305', address: 'null_resource.approve_kv', related: [], kind: 'open' },
    ]);
  });
});

describe('Approvals that name only a shared target', () => {
  /**
   * A plan: one DEP workspace, one storage account, `endpoints` endpoints to it and `approvals` null_resource
   * approvals whose commands name only the account (by its ID), so that each covers every endpoint and depends on none.
   */
  function sharedTargetPlan(endpoints: number, approvals: number): string {
    const rc: unknown[] = [];
    const cfg: unknown[] = [];
    const add = (type: string, name: string, after: object, unknown: object, expressions: object, extra: object = {}): void => {
      const address = `${type}.${name}`;
      rc.push({ address, mode: 'managed', type, name, change: { actions: ['create'], before: null, after, after_unknown: unknown, after_sensitive: {} } });
      cfg.push({ address, mode: 'managed', type, name, expressions, ...extra });
    };
    const ref = (a: string): object => ({ references: [`${a}.id`, a] });
    add('azurerm_synapse_workspace', 'ws', { name: 'ws', managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true }, { id: true }, {});
    add('azurerm_storage_account', 'lake', { name: 'stlake' }, { id: true }, {});
    for (let i = 0; i < endpoints; i++) {
      add(MPE, `e${String(i).padStart(3, '0')}`, { name: `mpe${i}`, subresource_name: 'blob' }, { id: true, target_resource_id: true, synapse_workspace_id: true }, {
        target_resource_id: ref('azurerm_storage_account.lake'),
        synapse_workspace_id: ref('azurerm_synapse_workspace.ws'),
      });
    }
    for (let i = 0; i < approvals; i++) {
      const command = 'az network private-endpoint-connection approve --type Microsoft.Storage/storageAccounts --id /subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stlake/privateEndpointConnections/c';
      add('null_resource', `approve${i}`, {}, { id: true }, {}, { provisioners: [{ type: 'local-exec', expressions: { command: { constant_value: command } } }] });
    }
    return JSON.stringify({ format_version: '1.2', terraform_version: '1.9.5', resource_changes: rc, configuration: { root_module: { resources: cfg } } });
  }

  it('SYN304 gives one finding per approval, not one per approval and endpoint, and names the first endpoints', async () => {
    const dir = scratchDir('synapse-lint-shared-target-');
    writeFileSync(path.join(dir, 'plan.json'), sharedTargetPlan(40, 30));
    const r = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
    assert.deepEqual(r.problems, []);
    const found = r.findings.filter((f) => f.ruleId === 'SYN304');
    assert.equal(found.length, 30);
    assert.equal(new Set(found.map((f) => f.fingerprint)).size, 30);
    for (const f of found) {
      assert.equal(f.level, 'error');
      assert.equal(f.related.length, 40);
      assert.ok(
        f.message.endsWith(`neither refers to nor depends on 40 of the endpoints it approves (${[0, 1, 2, 3, 4].map((i) => `${MPE}.e00${i}`).join(', ')} and 35 more), nor on anything that does, so Terraform may run it before they exist`),
        f.message,
      );
    }
  });
  it('a finding names the first 100 related resources by address, and its SARIF result the first 10', async () => {
    const dir = scratchDir('synapse-lint-shared-target-');
    writeFileSync(path.join(dir, 'plan.json'), sharedTargetPlan(150, 1));
    const r = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
    const [finding, ...more] = r.findings.filter((f) => f.ruleId === 'SYN304');
    assert.equal(more.length, 0);
    const first = Array.from({ length: 150 }, (_, i) => `${MPE}.e${String(i).padStart(3, '0')}`).slice(0, 100);
    assert.deepEqual(
      finding!.related.map((x) => x.address),
      first,
    );
    assert.ok(finding!.message.includes('150 of the endpoints it approves') && finding!.message.includes('and 145 more'), finding!.message);
    const sarif = toSarif({ findings: [finding!], rules: RULES, problems: [], version: '0.0.0', sources: r.sources });
    assert.deepEqual(
      sarif.runs[0]!.results![0]!.relatedLocations!.map((l) => l.message?.text),
      first.slice(0, 10),
    );
  });
});

describe('SYN401 to SYN404: related resources and locations', () => {
  const folder = 'mut-SYN40x-log-paths';
  const pool = 'azurerm_synapse_spark_pool';
  const law = 'azurerm_log_analytics_workspace';
  const ampls = 'azurerm_monitor_private_link_scope';
  const ws = 'azurerm_synapse_workspace.ws';
  check(folder, [
    { rule: 'SYN401', address: `${pool}.unreached`, related: [`${law}.unreached`, ws, `${ampls}.ampls_c`, `${ampls}.ampls_d`], attribute: 'spark_config', kind: 'fail' },
    { rule: 'SYN401', address: `${pool}.wrong_sub`, related: [`${law}.wrong_sub`, ws, `${ampls}.ampls_e`], attribute: 'spark_config', kind: 'fail' },
    { rule: 'SYN401', address: `${pool}.unscoped`, related: [`${law}.unscoped`, ws], attribute: 'spark_config', kind: 'fail' },
    { rule: 'SYN401', address: `${pool}.unknown_conf`, related: [], attribute: 'spark_config', kind: 'open' },
    { rule: 'SYN401', address: `${pool}.unknown_law`, related: [], attribute: 'spark_config', kind: 'open' },
    { rule: 'SYN401', address: `${pool}.sub_unknown`, related: [`${law}.sub_unknown`, ws, `${ampls}.ampls_f`], attribute: 'spark_config', kind: 'open' },
    {
      rule: 'SYN401',
      address: `${pool}.pending_unreached`,
      related: [`${law}.wrong_sub`, 'azurerm_synapse_workspace.pending', `${ampls}.ampls_e`],
      kind: 'open',
    },
    { rule: 'SYN402', address: `${law}.wrong_sub`, related: [ws, `${pool}.wrong_sub`], attribute: 'location', kind: 'fail' },
    { rule: 'SYN403', address: `${ampls}.ampls_b`, related: [ws, 'azurerm_synapse_workspace.ws2'], attribute: 'ingestion_access_mode', kind: 'fail' },
    { rule: 'SYN403', address: `${ampls}.ampls_c`, related: [ws], kind: 'fail' },
    { rule: 'SYN403', address: `${ampls}.ampls_d`, related: [], attribute: 'ingestion_access_mode', kind: 'open' },
    { rule: 'SYN403', address: `${ampls}.ampls_e`, related: [ws], attribute: 'ingestion_access_mode', kind: 'fail' },
  ]);

  it('SYN403 and SYN404 never fail an AMPLS that is not in the input: its settings and other endpoints are not known', async () => {
    const all = await findingsOf('mut-SYN404-instances');
    assert.deepEqual(
      all.filter((f) => f.address === `${ampls}.elsewhere` && f.kind === 'fail').map((f) => f.ruleId),
      [],
    );
    assert.ok(all.some((f) => f.ruleId === 'SYN404' && f.address === `${ampls}.hub`), 'the declared scope is still checked');
  });

  check('mut-SYN404-instances', [
    {
      rule: 'SYN404',
      address: `${ampls}.hub`,
      related: ['azurerm_private_endpoint.regions', 'azurerm_private_endpoint.spokes', `${MPE}.ampls`],
      kind: 'fail',
    },
  ]);
});

describe('SYN501 to SYN602: related resources and locations', () => {
  const folder = 'mut-SYN50x-60x';
  const ls = 'azurerm_synapse_linked_service';
  const ws = 'azurerm_synapse_workspace.ws';
  check(folder, [
    { rule: 'SYN501', address: 'azurerm_synapse_spark_pool.etl', related: [ws], attribute: 'library_requirement', kind: 'fail' },
    { rule: 'SYN501', address: 'azurerm_synapse_spark_pool.pending_etl', related: ['azurerm_synapse_workspace.pending'], kind: 'open' },
    { rule: 'SYN502', address: `${ls}.sftp_azure_ir`, related: [ws], attribute: 'type', kind: 'fail' },
    { rule: 'SYN502', address: `${ls}.http_azure_ir`, related: [ws, 'azurerm_synapse_integration_runtime_azure.managed'], attribute: 'type', kind: 'fail' },
    { rule: 'SYN502', address: `${ls}.ftp_default`, related: [ws], attribute: 'type', kind: 'fail' },
    { rule: 'SYN502', address: `${ls}.rest_unknown_ir`, related: [], kind: 'open' },
    { rule: 'SYN502', address: `${ls}.pending_s3`, related: [], kind: 'open' },
    { rule: 'SYN601', address: ws, related: [], attribute: 'public_network_access_enabled', kind: 'fail' },
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.all', related: [ws], attribute: 'end_ip_address', kind: 'fail' },
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.all_elsewhere', related: [], attribute: 'end_ip_address', kind: 'fail' },
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.all_fallback', related: ['azurerm_synapse_workspace.nodep'], attribute: 'end_ip_address', kind: 'fail' },
  ]);

  it('SYN602 has nothing to say about a firewall rule that is only referred to', async () => {
    assert.deepEqual(await findings(folder, 'SYN602', 'azurerm_synapse_firewall_rule.managed_elsewhere'), []);
  });

  check('mut-SYN501-plan-unknown/plan.json', [{ rule: 'SYN501', address: 'azurerm_synapse_spark_pool.ml', related: ['azurerm_synapse_workspace.ws'], kind: 'open' }]);
});

/** A small graph, node by node, for what neither loader produces. */
const catalog = bundledCatalog();
function node(address: string, values: Record<string, unknown>, over: Partial<NodeInit> = {}): NodeInit {
  const [type = '', name = ''] = address.split('.');
  return { address, configAddress: address, kind: 'managed', type, name, modulePath: '', declared: true, values, unknown: {}, sensitive: {}, ...over };
}
const ref = (target: string, attribute = 'id'): Ref => ({ target, attribute, keyed: false });

function approvalGraph(approvalOver: Partial<NodeInit> = {}): ReturnType<GraphBuilder['build']> {
  const b = new GraphBuilder(catalog);
  b.add(node('azurerm_synapse_workspace.ws', { name: 'syn', data_exfiltration_protection_enabled: true, managed_virtual_network_enabled: true }, { armType: 'Microsoft.Synapse/workspaces' }));
  b.add(node('azurerm_key_vault.kv', { name: 'kv' }, { armType: 'Microsoft.KeyVault/vaults' }));
  b.add(node('azurerm_key_vault.other', { name: 'kv-other' }, { armType: 'Microsoft.KeyVault/vaults' }));
  b.add(
    node(`${MPE}.kv`, { name: 'mpe-kv', subresource_name: 'vault' }, {
      refs: new Map([
        ['synapse_workspace_id', [ref('azurerm_synapse_workspace.ws')]],
        ['target_resource_id', [ref('azurerm_key_vault.kv')]],
      ]),
    }),
  );
  b.add(
    node('azapi_update_resource.approve', { type: 'Microsoft.KeyVault/vaults/privateEndpointConnections@2023-07-01', name: 'c' }, {
      refs: new Map([
        ['parent_id', [ref('azurerm_key_vault.kv')]],
        ['depends_on', [ref(`${MPE}.kv`, '')]],
      ]),
      ...approvalOver,
    }),
  );
  return b.build();
}

describe('SYN306 and the shared helpers, on a graph built by hand', () => {
  it('SYN306: an azapi_update_resource whose lifecycle was not read at all is a note, not a finding', () => {
    const graph = approvalGraph();
    const synapse = synapseModel(graph, catalog);
    const reports = [...SYN306.check({ graph, catalog, synapse })];
    assert.equal(reports.length, 1);
    assert.equal(reports[0]!.messageId, 'open');
    assert.equal(reports[0]!.kind, 'open');
    assert.equal(reports[0]!.node.address, 'azapi_update_resource.approve');
  });

  it('SYN306: ignore_changes = all passes, a list of attributes fails, an unknown lifecycle is a note', () => {
    const run = (ignoreChanges: NodeInit['ignoreChanges']): { messageId: string; kind: string | undefined }[] => {
      const graph = approvalGraph({ ignoreChanges });
      return [...SYN306.check({ graph, catalog, synapse: synapseModel(graph, catalog) })].map((r) => ({ messageId: r.messageId, kind: r.kind }));
    };
    assert.deepEqual(run('all'), []);
    assert.deepEqual(run(['tags']), [{ messageId: 'missing', kind: undefined }]);
    assert.deepEqual(run('unknown'), [{ messageId: 'open', kind: 'open' }]);
  });

  it('coveredEndpoints lists each approval with the DEP endpoints it covers', () => {
    const graph = approvalGraph();
    const synapse = synapseModel(graph, catalog);
    const covered = coveredEndpoints(synapse);
    assert.equal(covered.length, 1);
    assert.equal(covered[0]!.approval.node.address, 'azapi_update_resource.approve');
    assert.deepEqual(
      covered[0]!.endpoints.map((x) => [x.e.node.address, x.open]),
      [[`${MPE}.kv`, false]],
    );
    assert.equal(coveredEndpoints(synapse), covered, 'worked out once per model');
  });

  it('targetOf is the one target of an endpoint, and undefined for none or several', () => {
    const graph = approvalGraph();
    const synapse = synapseModel(graph, catalog);
    const e = synapse.endpoints[0]!;
    assert.equal(targetOf(e)?.address, 'azurerm_key_vault.kv');
    const kv = graph.node('azurerm_key_vault.kv')!;
    const other = graph.node('azurerm_key_vault.other')!;
    assert.equal(targetOf({ ...e, target: { nodes: [], unknown: true } }), undefined);
    assert.equal(targetOf({ ...e, target: { nodes: [kv, other], unknown: false } }), undefined);
  });

  it('servedScopes lists each workspace once per scope, and only declared scopes of DEP workspaces', async () => {
    const r = await lint([{ path: 'fixtures/mut-SYN40x-log-paths' }], { rules: [], cwd: ROOT });
    const graph = r.graphs[0]!;
    const served = servedScopes(synapseModel(graph, catalog));
    const byScope = Object.fromEntries([...served].map(([a, ws]) => [a.address, ws.map((w) => w.address)]));
    assert.deepEqual(byScope, {
      'azurerm_monitor_private_link_scope.ampls_a': ['azurerm_synapse_workspace.ws'],
      'azurerm_monitor_private_link_scope.ampls_b': ['azurerm_synapse_workspace.ws', 'azurerm_synapse_workspace.ws2'],
      'azurerm_monitor_private_link_scope.ampls_c': ['azurerm_synapse_workspace.ws'],
      'azurerm_monitor_private_link_scope.ampls_d': ['azurerm_synapse_workspace.ws'],
      'azurerm_monitor_private_link_scope.ampls_e': ['azurerm_synapse_workspace.ws'],
      'azurerm_monitor_private_link_scope.ampls_f': ['azurerm_synapse_workspace.ws'],
    });
  });
});

describe('Notes for values known only after apply (SYN303, SYN402 to SYN404, SYN502, SYN602): related resources and locations', () => {
  const law = 'azurerm_log_analytics_workspace';
  const ampls = 'azurerm_monitor_private_link_scope';
  check('unk-SYN303-target', [
    { rule: 'SYN303', address: 'azapi_update_resource.approve_from_var', related: [`${MPE}.from_var`, 'azurerm_key_vault.primary'], kind: 'open' },
    { rule: 'SYN303', address: 'azapi_update_resource.approve_either', related: [`${MPE}.either`, 'azurerm_key_vault.primary', 'azurerm_key_vault.secondary'], kind: 'open' },
    { rule: 'SYN303', address: 'azapi_update_resource.approve_other_from_var', related: [`${MPE}.other`, 'azurerm_key_vault.other'], kind: 'open' },
    { rule: 'SYN303', address: 'azapi_update_resource.approve_other_wrong', related: [`${MPE}.other`, 'azurerm_key_vault.other', 'azurerm_key_vault.secondary'], kind: 'fail' },
  ]);
  check('unk-SYN402-location', [
    { rule: 'SYN402', address: `${law}.for_roaming`, related: ['azurerm_synapse_workspace.roaming', 'azurerm_synapse_spark_pool.roaming'], kind: 'open' },
    { rule: 'SYN402', address: `${law}.unknown_region`, related: ['azurerm_synapse_workspace.weu', 'azurerm_synapse_spark_pool.unknown_region'], attribute: 'location', kind: 'open' },
  ]);
  check('unk-SYN40x-dep', [
    { rule: 'SYN402', address: `${law}.neu`, related: ['azurerm_synapse_workspace.pending', 'azurerm_synapse_spark_pool.etl'], attribute: 'location', kind: 'open' },
    { rule: 'SYN403', address: `${ampls}.ampls_logs`, related: ['azurerm_synapse_workspace.pending'], attribute: 'ingestion_access_mode', kind: 'open' },
    { rule: 'SYN403', address: `${ampls}.ampls_shared`, related: ['azurerm_synapse_workspace.dep'], attribute: 'ingestion_access_mode', kind: 'fail' },
    { rule: 'SYN404', address: `${ampls}.ampls_crowded`, related: ['azurerm_private_endpoint.crowded', `${MPE}.pending_crowded`, 'azurerm_synapse_workspace.pending'], kind: 'open' },
  ]);
  check('unk-SYN404-count', [
    { rule: 'SYN404', address: `${ampls}.maybe`, related: ['azurerm_private_endpoint.maybe_spokes', `${MPE}.maybe`], kind: 'open' },
    { rule: 'SYN404', address: `${ampls}.over`, related: ['azurerm_private_endpoint.over_spokes', 'azurerm_private_endpoint.over_regions', `${MPE}.over`], kind: 'fail' },
  ]);
  check('unk-SYN502-type', [{ rule: 'SYN502', address: 'azurerm_synapse_linked_service.source', related: ['azurerm_synapse_workspace.ws'], attribute: 'type', kind: 'open' }]);
  check('unk-SYN602-ip', [
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.runner', related: ['azurerm_synapse_workspace.ws'], attribute: 'start_ip_address', kind: 'open' },
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.up_to_nat', related: ['azurerm_synapse_workspace.ws'], attribute: 'end_ip_address', kind: 'open' },
    { rule: 'SYN602', address: 'azurerm_synapse_firewall_rule.from_nat', related: ['azurerm_synapse_workspace.ws'], attribute: 'start_ip_address', kind: 'open' },
  ]);

  it('maybeServedScopes lists the scopes only workspaces whose DEP is unknown serve; one a DEP workspace serves is left to servedScopes', async () => {
    const r = await lint([{ path: 'fixtures/unk-SYN40x-dep' }], { rules: [], cwd: ROOT });
    const synapse = synapseModel(r.graphs[0]!, catalog);
    const byScope = (m: Map<{ address: string }, readonly { address: string }[]>): Record<string, string[]> => Object.fromEntries([...m].map(([a, ws]) => [a.address, ws.map((w) => w.address)]));
    assert.deepEqual(byScope(maybeServedScopes(synapse)), {
      [`${ampls}.ampls_logs`]: ['azurerm_synapse_workspace.pending'],
      [`${ampls}.ampls_crowded`]: ['azurerm_synapse_workspace.pending'],
    });
    assert.deepEqual(byScope(servedScopes(synapse)), { [`${ampls}.ampls_shared`]: ['azurerm_synapse_workspace.dep'] });
  });
});
