/**
 * Rules SYN101–SYN208 and rules/lib/endpoints.ts beyond what a fixture's expected.json can say:
 * whole messages (a fixture only asks for a substring), the line a finding points at (the
 * attribute it is about), its related resources, and its fingerprint (rule, address and detail,
 * stable across versions). The inputs are the fixtures/mut-SYN1xx-… and mut-SYN2xx-… cases.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { bundledCatalog } from '../src/catalog.js';
import type { Finding } from '../src/engine/types.js';
import { GraphBuilder, type NodeInit } from '../src/graph/build.js';
import type { GraphNode } from '../src/graph/types.js';
import { lint } from '../src/lint.js';
import { synapseModel, type StoreUse } from '../src/model/synapse.js';
import { RULES } from '../rules/index.js';
import { depEndpoints, describeUse, endpointDep, findingNode } from '../rules/lib/endpoints.js';
import { SYN103 } from '../rules/SYN103.js';
import { fixtureCases, ROOT, type Expected } from './fixture-lib.js';

const CASES = [
  'mut-SYN1xx-workspace',
  'mut-SYN103-replace-forms',
  'mut-SYN201-uses',
  'mut-SYN201-open',
  'mut-SYN202-groups',
  'mut-SYN204-groups',
  'mut-SYN205-SYN208-names-vnet',
  'unk-SYN102-dep-unknown',
  'unk-SYN105-tenant-list-unknown',
  'unk-SYN208-name-unknown',
];

const cache = new Map<string, Promise<Finding[]>>();

/** Findings for one input of a case (relative to the case folder), linted once per run. */
function findings(name: string, input = '.'): Promise<Finding[]> {
  const rel = path.join('fixtures', name, input);
  let hit = cache.get(rel);
  if (!hit) {
    hit = lint([{ path: rel }], { rules: RULES, cwd: ROOT }).then((r) => {
      assert.deepEqual(r.problems.filter((p) => p.level === 'error'), [], `${rel} loads`);
      return r.findings;
    });
    cache.set(rel, hit);
  }
  return hit;
}

/** The one finding of `ruleId` on `address` whose message starts with `prefix` (default: any). */
async function one(name: string, ruleId: string, address: string, prefix = '', input = '.'): Promise<Finding> {
  const all = (await findings(name, input)).filter((f) => f.ruleId === ruleId && f.address === address && f.message.startsWith(prefix));
  assert.equal(all.length, 1, `${ruleId} on ${address} (${prefix}): ${all.map((f) => f.message).join(' | ')}`);
  return all[0]!;
}

/** 1-based line of `attribute` inside the block of `address` in the case's main.tf, or of the block itself. */
function lineOf(name: string, address: string, attribute?: string): number {
  const lines = readFileSync(path.join(ROOT, 'fixtures', name, 'main.tf'), 'utf8').split('\n');
  const [type, label] = address.split('.');
  const start = lines.findIndex((l) => l.startsWith(`resource "${type}" "${label}"`));
  assert.ok(start >= 0, `${address} in ${name}/main.tf`);
  if (attribute === undefined) return start + 1;
  for (let i = start + 1; i < lines.length && lines[i] !== '}'; i++) {
    if (new RegExp(`^\\s+${attribute}\\s*=`).test(lines[i]!)) return i + 1;
  }
  assert.fail(`${attribute} of ${address} in ${name}/main.tf`);
}

function fingerprint(ruleId: string, address: string, detail: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${address}\u0000${detail}`).digest('hex').slice(0, 32);
}

function relatedOf(f: Finding): string[] {
  return f.related.map((r) => r.address);
}

describe('mut fixtures: every message is whole, one finding per expected entry', () => {
  const cases = fixtureCases().filter((c) => CASES.includes(c.name));
  it('all the cases are there', () => assert.deepEqual(cases.map((c) => c.name).sort(), [...CASES].sort()));
  for (const c of cases) {
    for (const input of c.inputs) {
      const rel = path.relative(c.dir, input) || '.';
      it(`${c.name} [${rel}]`, async () => {
        const all = await findings(c.name, rel);
        for (const [ruleId, exp] of Object.entries(c.expected.rules)) {
          for (const kind of ['fail', 'open'] as const) {
            const want = (exp[kind] ?? []) as Expected[];
            const got = all.filter((f) => f.ruleId === ruleId && f.kind === kind);
            const expectedMessages = want.map((w) => (typeof w === 'string' ? `${w}: ?` : `${w.address}: ${w.messageIncludes}`)).sort();
            const actualMessages = got.map((f) => `${f.address}: ${f.message}`).sort();
            assert.deepEqual(actualMessages, expectedMessages, `${ruleId} ${kind}`);
            for (const w of want) {
              if (typeof w === 'string' || !w.level) continue;
              assert.ok(got.some((f) => f.address === w.address && f.message === w.messageIncludes && f.level === w.level), `${ruleId} ${w.address} ${w.level}`);
            }
          }
        }
      });
    }
  }
});

describe('SYN101, SYN102, SYN105, SYN106: lines and fingerprints', () => {
  const name = 'mut-SYN1xx-workspace';
  for (const input of ['.', 'plan.json']) {
    it(`SYN101 points at data_exfiltration_protection_enabled when it is set or unknown, else at the block [${input}]`, async () => {
      const ws = 'azurerm_synapse_workspace';
      assert.equal((await one(name, 'SYN101', `${ws}.dep_false`, '', input)).location.startLine, lineOf(name, `${ws}.dep_false`, 'data_exfiltration_protection_enabled'));
      assert.equal((await one(name, 'SYN101', `${ws}.dep_pending`, '', input)).location.startLine, lineOf(name, `${ws}.dep_pending`, 'data_exfiltration_protection_enabled'));
      assert.equal((await one(name, 'SYN101', `${ws}.dep_absent`, '', input)).location.startLine, lineOf(name, `${ws}.dep_absent`));
    });
    it(`SYN102 points at managed_virtual_network_enabled [${input}]`, async () => {
      const ws = 'azurerm_synapse_workspace';
      assert.equal((await one(name, 'SYN102', `${ws}.vnet_false`, '', input)).location.startLine, lineOf(name, `${ws}.vnet_false`, 'managed_virtual_network_enabled'));
      assert.equal((await one(name, 'SYN102', `${ws}.vnet_pending`, '', input)).location.startLine, lineOf(name, `${ws}.vnet_pending`, 'managed_virtual_network_enabled'));
    });
    it(`SYN105 points at the list, and each bad entry is a finding of its own [${input}]`, async () => {
      const ws = 'azurerm_synapse_workspace.tenants_bad';
      const line = lineOf(name, ws, 'linking_allowed_for_aad_tenant_ids');
      const a = await one(name, 'SYN105', ws, `${ws}: linking_allowed_for_aad_tenant_ids has "contoso`, input);
      const b = await one(name, 'SYN105', ws, `${ws}: linking_allowed_for_aad_tenant_ids has "not-a-uuid`, input);
      assert.equal(a.location.startLine, line);
      assert.equal(b.location.startLine, line);
      assert.equal(a.fingerprint, fingerprint('SYN105', ws, 'contoso.onmicrosoft.com'));
      assert.equal(b.fingerprint, fingerprint('SYN105', ws, 'not-a-uuid'));
      const nodep = await one(name, 'SYN105', 'azurerm_synapse_workspace.tenants_no_dep', '', input);
      assert.equal(nodep.location.startLine, lineOf(name, 'azurerm_synapse_workspace.tenants_no_dep', 'linking_allowed_for_aad_tenant_ids'));
    });
  }
});

describe('SYN102, SYN105, SYN208 notes on unknowns: the attribute each points at, and fingerprints', () => {
  const ws = 'azurerm_synapse_workspace';
  for (const input of ['.', 'plan.json']) {
    it(`SYN102 with DEP unknown points at data_exfiltration_protection_enabled [${input}]`, async () => {
      const name = 'unk-SYN102-dep-unknown';
      const cases: [string, string][] = [
        ['dep_pending_vnet_off', 'depUnknown:{"workspace":"azurerm_synapse_workspace.dep_pending_vnet_off","value":"false"}'],
        ['dep_pending_vnet_unset', 'depUnknown:{"workspace":"azurerm_synapse_workspace.dep_pending_vnet_unset","value":"not set"}'],
        ['both_pending', 'bothUnknown:{"workspace":"azurerm_synapse_workspace.both_pending"}'],
      ];
      for (const [label, detail] of cases) {
        const f = await one(name, 'SYN102', `${ws}.${label}`, '', input);
        assert.equal(f.kind, 'open');
        assert.equal(f.location.startLine, lineOf(name, `${ws}.${label}`, 'data_exfiltration_protection_enabled'));
        assert.equal(f.fingerprint, fingerprint('SYN102', `${ws}.${label}`, detail));
      }
    });
    it(`SYN105 notes point at the list, or at DEP when only DEP is unknown; each unknown entry is a note of its own [${input}]`, async () => {
      const name = 'unk-SYN105-tenant-list-unknown';
      for (const label of ['list_pending', 'list_pending_no_dep', 'list_pending_dep_unset', 'both_pending', 'entry_pending']) {
        const f = await one(name, 'SYN105', `${ws}.${label}`, '', input);
        assert.equal(f.location.startLine, lineOf(name, `${ws}.${label}`, 'linking_allowed_for_aad_tenant_ids'));
      }
      const dep = await one(name, 'SYN105', `${ws}.dep_pending`, '', input);
      assert.equal(dep.location.startLine, lineOf(name, `${ws}.dep_pending`, 'data_exfiltration_protection_enabled'));
      assert.equal(dep.fingerprint, fingerprint('SYN105', `${ws}.dep_pending`, 'depUnknown:{"workspace":"azurerm_synapse_workspace.dep_pending"}'));
      const entry = await one(name, 'SYN105', `${ws}.entry_pending`, '', input);
      assert.equal(entry.fingerprint, fingerprint('SYN105', `${ws}.entry_pending`, 'entryUnknown:{"workspace":"azurerm_synapse_workspace.entry_pending","index":1}'));
      const bad = `${ws}.entry_pending_bad`;
      const unknownEntry = await one(name, 'SYN105', bad, `${bad}: linking_allowed_for_aad_tenant_ids[0]`, input);
      const badEntry = await one(name, 'SYN105', bad, `${bad}: linking_allowed_for_aad_tenant_ids has`, input);
      assert.equal(unknownEntry.fingerprint, fingerprint('SYN105', bad, `entryUnknown:{"workspace":"${bad}","index":0}`));
      assert.equal(badEntry.fingerprint, fingerprint('SYN105', bad, 'contoso.onmicrosoft.com'));
    });
    it(`SYN208 on an unknown name points at the name [${input}]`, async () => {
      const name = 'unk-SYN208-name-unknown';
      const mpe = 'azurerm_synapse_managed_private_endpoint';
      for (const label of ['random', 'ws_start', 'dep_pending', 'sql_start', 'on_demand_start_pending']) {
        const f = await one(name, 'SYN208', `${mpe}.${label}`, '', input);
        assert.equal(f.location.startLine, lineOf(name, `${mpe}.${label}`, 'name'));
      }
    });
  }
});

describe('SYN103: the attribute and the message by cause', () => {
  const name = 'mut-SYN103-replace-forms';
  const ws = 'azurerm_synapse_workspace';
  it('a replacement DEP caused points at data_exfiltration_protection_enabled', async () => {
    const f = await one(name, 'SYN103', `${ws}.dep_create_delete`, '', 'plan.json');
    assert.equal(f.location.startLine, lineOf(name, `${ws}.dep_create_delete`, 'data_exfiltration_protection_enabled'));
  });
  it('one with no network cause points at the block, and its message ends with the paths', async () => {
    for (const a of ['nested', 'forget_create', 'create_forget']) {
      const f = await one(name, 'SYN103', `${ws}.${a}`, '', 'plan.json');
      assert.equal(f.location.startLine, lineOf(name, `${ws}.${a}`), a);
      assert.ok(!f.message.includes('can only be set when a workspace is created'), a);
    }
    assert.equal((await one(name, 'SYN103', `${ws}.nested`, '', 'plan.json')).message, `${ws}.nested will be destroyed and recreated because identity[0].type, tags.env changed`);
  });
  it('replacements are told apart by their messages in the fingerprint', async () => {
    const f = await one(name, 'SYN103', `${ws}.forget_create`, '', 'plan.json');
    assert.equal(f.fingerprint, fingerprint('SYN103', f.address, `replaced:${JSON.stringify({ workspace: f.address, paths: 'name' })}`));
  });
  it('needs a create: a change that only deletes or forgets is not a replacement', () => {
    const b = new GraphBuilder(bundledCatalog());
    const base = { kind: 'managed' as const, type: 'azurerm_synapse_workspace', modulePath: '', declared: true, values: { data_exfiltration_protection_enabled: true }, unknown: {}, sensitive: {} };
    b.add({ ...base, address: 'azurerm_synapse_workspace.a', configAddress: 'azurerm_synapse_workspace.a', name: 'a', change: { actions: ['delete', 'update'], replacePaths: [] } } as NodeInit);
    b.add({ ...base, address: 'azurerm_synapse_workspace.b', configAddress: 'azurerm_synapse_workspace.b', name: 'b', change: { actions: ['forget', 'update'], replacePaths: [] } } as NodeInit);
    b.add({ ...base, address: 'azurerm_synapse_workspace.c', configAddress: 'azurerm_synapse_workspace.c', name: 'c', change: { actions: ['forget', 'create'], replacePaths: [] } } as NodeInit);
    const graph = b.build();
    const catalog = bundledCatalog();
    const reports = [...SYN103.check({ graph, catalog, synapse: synapseModel(graph, catalog) })];
    assert.deepEqual(reports.map((r) => `${r.node.address} ${r.messageId}`), ['azurerm_synapse_workspace.c replacedNoPath']);
    assert.equal(reports[0]!.attribute, undefined);
  });
});

describe('SYN201: where a finding goes, what it relates, and its fingerprint', () => {
  it('a store that is a resource: on the store, related to the workspace and every user', async () => {
    const name = 'mut-SYN201-uses';
    const f = await one(name, 'SYN201', 'azurerm_storage_account.lake');
    assert.equal(f.location.startLine, lineOf(name, 'azurerm_storage_account.lake'));
    assert.deepEqual(relatedOf(f), ['azurerm_role_assignment.a_lake', 'azurerm_synapse_spark_pool.etl', 'azurerm_synapse_workspace.ws_a']);
    assert.equal(f.fingerprint, fingerprint('SYN201', 'azurerm_storage_account.lake', 'azurerm_synapse_workspace.ws_a'));
  });
  it('a store used by two workspaces: one finding each, told apart by the workspace', async () => {
    const all = (await findings('mut-SYN201-uses')).filter((f) => f.ruleId === 'SYN201' && f.address === 'azurerm_storage_account.shared');
    assert.deepEqual(all.map((f) => f.fingerprint).sort(), [fingerprint('SYN201', 'azurerm_storage_account.shared', 'azurerm_synapse_workspace.ws_a'), fingerprint('SYN201', 'azurerm_storage_account.shared', 'azurerm_synapse_workspace.ws_b')].sort());
  });
  it('a literal URL: on the workspace at storage_data_lake_gen2_filesystem_id, related to the store', async () => {
    const name = 'mut-SYN201-open';
    const f = await one(name, 'SYN201', 'azurerm_synapse_workspace.ws_url');
    assert.equal(f.location.startLine, lineOf(name, 'azurerm_synapse_workspace.ws_url', 'storage_data_lake_gen2_filesystem_id'));
    assert.deepEqual(relatedOf(f), ['Microsoft.Storage/storageAccounts/stexternal']);
  });
  it('a literal ID as a role assignment scope: on the role assignment, at its scope', async () => {
    const name = 'mut-SYN201-open';
    const f = await one(name, 'SYN201', 'azurerm_role_assignment.url_vault');
    assert.equal(f.location.startLine, lineOf(name, 'azurerm_role_assignment.url_vault', 'scope'));
    assert.deepEqual(relatedOf(f), ['Microsoft.KeyVault/vaults/kv-shared', 'azurerm_synapse_workspace.ws_url']);
  });
  it('a store that could not be resolved: a note at the attribute, with its own fingerprint', async () => {
    const name = 'mut-SYN201-open';
    const f = await one(name, 'SYN201', 'azurerm_synapse_workspace.ws_ghost_fs');
    assert.equal(f.location.startLine, lineOf(name, 'azurerm_synapse_workspace.ws_ghost_fs', 'storage_data_lake_gen2_filesystem_id'));
    assert.equal(f.fingerprint, fingerprint('SYN201', f.address, 'unresolved:U1'));
  });
  it('notes (DEP not known, targets not known) go on the store, related to the workspace and users', async () => {
    const name = 'mut-SYN201-open';
    for (const [store, users] of [
      ['azurerm_storage_account.pending_store', ['azurerm_role_assignment.pending', 'azurerm_synapse_workspace.ws_pending']],
      ['azurerm_storage_account.maybe_store', ['azurerm_role_assignment.maybe', 'azurerm_synapse_workspace.ws_maybe']],
    ] as const) {
      const f = await one(name, 'SYN201', store);
      assert.equal(f.kind, 'open');
      assert.equal(f.location.startLine, lineOf(name, store));
      assert.deepEqual(relatedOf(f), users);
    }
  });
});

describe('SYN204: related resources and fingerprints', () => {
  const name = 'mut-SYN204-groups';
  it('relates the workspace, the endpoints to the store and the users', async () => {
    const f = await one(name, 'SYN204', 'azurerm_storage_account.lake_b');
    assert.deepEqual(relatedOf(f), [
      'azurerm_synapse_linked_service.b_blob',
      'azurerm_synapse_managed_private_endpoint.lake_b_dfs',
      'azurerm_synapse_managed_private_endpoint.lake_b_unset',
      'azurerm_synapse_workspace.ws_b',
    ]);
    assert.equal(f.location.startLine, lineOf(name, 'azurerm_storage_account.lake_b'));
    assert.equal(f.fingerprint, fingerprint('SYN204', f.address, 'azurerm_synapse_workspace.ws_b:blob'));
  });
  it('two missing groups of one store are two findings with their own fingerprints', async () => {
    const all = (await findings(name)).filter((f) => f.ruleId === 'SYN204' && f.address === 'azurerm_storage_account.lake_d');
    assert.deepEqual(all.map((f) => [f.level, f.fingerprint]).sort(), [
      ['error', fingerprint('SYN204', 'azurerm_storage_account.lake_d', 'azurerm_synapse_workspace.ws_d:dfs')],
      ['warning', fingerprint('SYN204', 'azurerm_storage_account.lake_d', 'azurerm_synapse_workspace.ws_d:blob')],
    ].sort());
  });
  it('a store that is not a resource: on the workspace, related to the endpoint', async () => {
    const f = await one(name, 'SYN204', 'azurerm_synapse_workspace.ws_url');
    assert.deepEqual(relatedOf(f), ['azurerm_synapse_managed_private_endpoint.url_blob']);
  });
  it('notes relate every endpoint to the store', async () => {
    const f = await one(name, 'SYN204', 'azurerm_storage_account.lake_o');
    assert.deepEqual(relatedOf(f), [
      'azurerm_synapse_managed_private_endpoint.o_blob',
      'azurerm_synapse_managed_private_endpoint.o_unknown_one',
      'azurerm_synapse_managed_private_endpoint.o_unknown_two',
      'azurerm_synapse_workspace.ws_open',
    ]);
  });
});

describe('SYN202–SYN208: the attribute each finding points at, and the target it relates', () => {
  const name = 'mut-SYN202-groups';
  const mpe = 'azurerm_synapse_managed_private_endpoint';
  const cases: [string, string, string | undefined, string[]][] = [
    ['SYN202', 'st_bad', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN202', 'st_empty', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN202', 'st_unknown', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN202', 'law_monitor', 'subresource_name', ['azurerm_log_analytics_workspace.law']],
    ['SYN202', 'p_bad', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN202', 'unlisted', 'subresource_name', ['Microsoft.Foo/bars/bar1']],
    ['SYN202', 'either', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN203', 'st_upper', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN203', 'p_upper', 'subresource_name', ['azurerm_storage_account.st']],
    ['SYN205', 'nows_bad', 'synapse_workspace_id', []],
    ['SYN206', 'bus', 'target_resource_id', ['azurerm_servicebus_namespace.bus']],
    ['SYN206', 'p_bus', 'target_resource_id', ['azurerm_servicebus_namespace.bus']],
    ['SYN207', 'pls_empty', 'fully_qualified_domain_names', ['azurerm_private_link_service.pls']],
    ['SYN207', 'pls_unknown', 'fully_qualified_domain_names', ['azurerm_private_link_service.pls']],
    ['SYN207', 'p_pls', 'fully_qualified_domain_names', ['azurerm_private_link_service.pls']],
    ['SYN207', 'pls_unset', undefined, ['azurerm_private_link_service.pls']],
  ];
  for (const [ruleId, label, attribute, related] of cases) {
    it(`${ruleId} on ${label}: ${attribute ?? 'the block'}`, async () => {
      const f = await one(name, ruleId, `${mpe}.${label}`);
      assert.equal(f.location.startLine, lineOf(name, `${mpe}.${label}`, attribute));
      assert.deepEqual(relatedOf(f), related);
    });
  }
  it('SYN202 on a target that is not known points at target_resource_id', async () => {
    const f = await one('mut-SYN201-open', 'SYN202', `${mpe}.maybe_one`);
    assert.equal(f.location.startLine, lineOf('mut-SYN201-open', `${mpe}.maybe_one`, 'target_resource_id'));
  });
  it('SYN205 relates the workspace; SYN208 points at the name', async () => {
    const n = 'mut-SYN205-SYN208-names-vnet';
    for (const label of ['on_vnet_off', 'on_vnet_pending']) {
      const f = await one(n, 'SYN205', `${mpe}.${label}`);
      assert.equal(f.location.startLine, lineOf(n, `${mpe}.${label}`));
      assert.equal(f.related.length, 1);
    }
    for (const label of ['sql', 'custstg_upper']) {
      const f = await one(n, 'SYN208', `${mpe}.${label}`);
      assert.equal(f.location.startLine, lineOf(n, `${mpe}.${label}`, 'name'));
    }
  });
});

describe('rules/lib/endpoints', () => {
  const node = (address: string, kind: GraphNode['kind'] = 'managed'): GraphNode =>
    ({ address, configAddress: address, kind, type: address.split('.')[0]!, name: address.split('.')[1] ?? address, modulePath: '', declared: kind !== 'external', values: {}, unknown: {}, sensitive: {}, refs: new Map(), unresolved: new Set() }) as GraphNode;

  it('describeUse words every kind of use, with the user for all but U1 and the configuration file, sorted and once each', () => {
    const ws = node('azurerm_synapse_workspace.ws');
    const store = node('azurerm_storage_account.st');
    const use = (kind: StoreUse['kind'], user: GraphNode): StoreUse => ({ kind, store, user, attribute: 'x', severity: 'error' });
    assert.equal(
      describeUse([
        use('U1', ws),
        use('U1', ws),
        use('U2', node('azurerm_synapse_linked_service.ls')),
        use('U3', node('azurerm_role_assignment.ra')),
        use('U4', node('azurerm_key_vault_access_policy.ap')),
        use('U5', node('azurerm_synapse_spark_pool.p')),
        use('U6', node('azurerm_synapse_managed_private_endpoint.m')),
        use('config', ws),
      ]),
      'Key Vault access policy azurerm_key_vault_access_policy.ap; Spark configuration azurerm_synapse_spark_pool.p; default Data Lake storage; linked service azurerm_synapse_linked_service.ls; managed private endpoint azurerm_synapse_managed_private_endpoint.m; role assignment azurerm_role_assignment.ra; the configuration file',
    );
    assert.equal(describeUse([]), '');
  });

  it('findingNode puts a finding on an external store on its user', () => {
    const user = node('azurerm_synapse_workspace.ws');
    const declared = node('azurerm_storage_account.st');
    const external = node('Microsoft.Storage/storageAccounts/x', 'external');
    assert.equal(findingNode(declared, user), declared);
    assert.equal(findingNode(external, user), user);
    assert.equal(findingNode(node('data.azurerm_storage_account.x', 'data'), user).address, 'data.azurerm_storage_account.x');
  });

  it('endpointDep: true if any declared workspace has DEP, unknown if none does and one is unknown or none is declared', () => {
    const catalog = bundledCatalog();
    const b = new GraphBuilder(catalog);
    const ws = (name: string, dep: unknown, unknown = false): NodeInit =>
      ({ address: `azurerm_synapse_workspace.${name}`, configAddress: `azurerm_synapse_workspace.${name}`, kind: 'managed', type: 'azurerm_synapse_workspace', name, modulePath: '', declared: true, values: unknown ? {} : { data_exfiltration_protection_enabled: dep }, unknown: unknown ? { data_exfiltration_protection_enabled: true } : {}, sensitive: {} }) as NodeInit;
    b.add(ws('on', true));
    b.add(ws('off', false));
    b.add(ws('pending', undefined, true));
    const graph = b.build();
    const synapse = synapseModel(graph, catalog);
    const g = (a: string): GraphNode => graph.node(`azurerm_synapse_workspace.${a}`)!;
    const e = (...nodes: GraphNode[]) => ({ node: g('on'), workspaces: { nodes, unknown: false }, target: { nodes: [], unknown: false } });
    assert.equal(endpointDep(synapse, e(g('off'), g('on'))), true);
    assert.equal(endpointDep(synapse, e(g('pending'), g('on'))), true);
    assert.equal(endpointDep(synapse, e(g('off'), g('pending'))), 'unknown');
    assert.equal(endpointDep(synapse, e(g('pending'))), 'unknown');
    assert.equal(endpointDep(synapse, e(g('off'))), false);
    assert.equal(endpointDep(synapse, e()), 'unknown');
    assert.equal(endpointDep(synapse, e({ ...g('on'), declared: false } as GraphNode)), 'unknown');
  });

  it('depEndpoints is worked out once per model, frozen, and flags the endpoints whose DEP is not known', () => {
    const catalog = bundledCatalog();
    const b = new GraphBuilder(catalog);
    const add = (n: Partial<NodeInit> & { address: string }): void =>
      b.add({ configAddress: n.address, kind: 'managed', type: n.address.split('.')[0]!, name: n.address.split('.')[1]!, modulePath: '', declared: true, values: {}, unknown: {}, sensitive: {}, ...n } as NodeInit);
    add({ address: 'azurerm_synapse_workspace.on', values: { data_exfiltration_protection_enabled: true } });
    add({ address: 'azurerm_synapse_workspace.off', values: { data_exfiltration_protection_enabled: false } });
    add({ address: 'azurerm_synapse_workspace.pending', unknown: { data_exfiltration_protection_enabled: true } });
    for (const w of ['on', 'off', 'pending']) {
      add({ address: `azurerm_synapse_managed_private_endpoint.${w}`, refs: new Map([['synapse_workspace_id', [{ target: `azurerm_synapse_workspace.${w}`, attribute: 'id', keyed: false }]]]) } as Partial<NodeInit> & { address: string });
    }
    const graph = b.build();
    const synapse = synapseModel(graph, catalog);
    const list = depEndpoints(synapse);
    assert.equal(depEndpoints(synapse), list, 'the same list the second time');
    assert.ok(Object.isFrozen(list));
    assert.deepEqual(list.map((d) => [d.e.node.address, d.open]), [
      ['azurerm_synapse_managed_private_endpoint.on', false],
      ['azurerm_synapse_managed_private_endpoint.pending', true],
    ]);
  });
});
