/** The graph: every resource of a plan becomes a node, every edge lands on a node, nothing can change it. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SUPPRESSION_RULE } from '../src/engine/controls.js';
import { parseArmId } from '../src/graph/arm.js';
import { formatSteps, parseTraversal, stripKeys } from '../src/graph/traversal.js';
import type { GraphNode } from '../src/graph/types.js';
import { read, readBool } from '../src/graph/values.js';
import { lint } from '../src/lint.js';
import { decodeText } from '../src/load/text.js';
import { RULES } from '../rules/index.js';
import { CORPUS, fixtureCases, ROOT } from './fixture-lib.js';


function planFiles(): string[] {
  const corpus = readdirSync(CORPUS).map((f) => path.relative(ROOT, path.join(CORPUS, f)));
  const fixtures = fixtureCases().flatMap((c) => c.inputs.map((i) => path.relative(ROOT, i)).filter((f) => f.endsWith('plan.json')));
  return [...corpus, ...fixtures, 'examples/seed-blog/plan.json'].sort();
}

function node(values: unknown, unknown: unknown = {}, sensitive: unknown = {}): GraphNode {
  return {
    address: 'x.y', configAddress: 'x.y', kind: 'managed', type: 'x', name: 'y', modulePath: '', declared: true,
    values, unknown, sensitive, refs: new Map(), unresolved: new Set(),
  };
}

describe('graph: depends_on between counted resources', () => {
  it('is to the instance with the same key when both resources have the same keys, else to every instance', async () => {
    const r = await lint([{ path: 'fixtures/graph-count-approvals/plan.json' }], { rules: RULES, cwd: ROOT });
    const graph = r.graphs[0]!;
    const dependsOn = (address: string): string[] => (graph.node(address)?.refs.get('depends_on') ?? []).map((ref) => ref.target).sort();
    for (const i of [0, 1, 2]) assert.deepEqual(dependsOn(`azapi_update_resource.approve_dfs[${i}]`), [`azurerm_synapse_managed_private_endpoint.dfs[${i}]`]);
    // One approval instance, two endpoint instances: the keys differ, so it depends on both.
    assert.deepEqual(dependsOn('azapi_update_resource.approve_blob[0]'), ['azurerm_synapse_managed_private_endpoint.blob[0]', 'azurerm_synapse_managed_private_endpoint.blob[1]']);
    // Other references keep their own instances: parent_id by count.index.
    assert.deepEqual((graph.node('azapi_update_resource.approve_dfs[2]')?.refs.get('parent_id') ?? []).map((ref) => ref.target), ['azurerm_storage_account.lake[2]']);
  });
});

describe('graph', () => {
  it('has a node for every resource a plan creates, updates or keeps, and every edge lands on a node', async () => {
    let plans = 0;
    let edges = 0;
    for (const file of planFiles()) {
      const r = await lint([{ path: file }], { rules: RULES, cwd: ROOT });
      if (r.problems.length > 0) continue;
      plans++;
      const graph = r.graphs[0]!;
      const doc = JSON.parse(decodeText(readFileSync(path.join(ROOT, file)), file)) as { resource_changes?: { address: string; deposed?: string; change: { actions: string[] } }[] };
      for (const rc of doc.resource_changes ?? []) {
        if (rc.deposed || rc.change.actions.every((a) => a === 'delete' || a === 'forget')) continue;
        assert.ok(graph.node(rc.address)?.declared, `${file}: ${rc.address}`);
      }
      for (const n of graph.nodes) {
        for (const refs of n.refs.values()) {
          for (const ref of refs) {
            edges++;
            assert.ok(graph.node(ref.target), `${file}: ${n.address} -> ${ref.target}`);
          }
        }
      }
      // Every finding of a rule is about a resource of the graph (SYN001's are about comments, at <file>:<line>).
      for (const f of r.findings) if (f.ruleId !== SUPPRESSION_RULE.meta.id) assert.ok(graph.node(f.address), `${file}: finding on ${f.address}`);
    }
    assert.ok(plans > 50, `${plans} plans loaded`);
    assert.ok(edges > 500, `${edges} edges`);
  });

  it('follows references through nested module variables to the root', async () => {
    const r = await lint([{ path: 'fixtures/graph-modules-nested/plan.json' }], { rules: RULES, cwd: ROOT });
    const graph = r.graphs[0]!;
    const mpes = graph.ofType('azurerm_synapse_managed_private_endpoint');
    const targets = mpes.flatMap((m) => (m.refs.get('target_resource_id') ?? []).map((x) => x.target));
    assert.ok(targets.includes('azurerm_storage_account.lake'), targets.join(', '));
  });

  it('is frozen: values, references and the node list refuse changes', async () => {
    const r = await lint([{ path: 'examples/seed-blog/plan.json' }], { rules: RULES, cwd: ROOT });
    const graph = r.graphs[0]!;
    const ws = graph.node('azurerm_synapse_workspace.this')!;
    assert.throws(() => {
      (ws.values as Record<string, unknown>).name = 'x';
    }, TypeError);
    assert.throws(() => (ws.refs as Map<string, unknown>).set('x', []), TypeError);
    assert.throws(() => (graph.nodes as GraphNode[]).push(ws), TypeError);
    assert.throws(() => {
      (ws as { address: string }).address = 'y';
    }, TypeError);
  });

  it('reads values as known, unknown or absent, never unknown as absent', () => {
    const n = node({ a: { b: [1, null] }, s: 'x', blk: [{ content: 'c' }] }, { a: { b: [false, true] }, u: true }, { s: true });
    assert.deepEqual(read(n, 'a.b.0'), { state: 'known', value: 1, sensitive: false });
    assert.deepEqual(read(n, 'a.b[1]'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(n, 'u'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(n, 'missing'), { state: 'absent' });
    assert.deepEqual(read(n, 's'), { state: 'known', value: 'x', sensitive: true });
    assert.deepEqual(read(n, 'blk.content'), { state: 'known', value: 'c', sensitive: false });
    assert.equal(readBool(n, 'u', false), 'unknown');
    assert.equal(readBool(n, 'missing', false), false);
    const undeclared = { ...n, declared: false };
    assert.equal(read(undeclared, 's').state, 'unknown');
  });

  it('parses traversals and round-trips them (fast-check)', () => {
    assert.deepEqual(parseTraversal('azurerm_x.y["k"].identity[0].principal_id'), [
      { kind: 'attr', name: 'azurerm_x' }, { kind: 'attr', name: 'y' }, { kind: 'index', key: 'k' },
      { kind: 'attr', name: 'identity' }, { kind: 'index', key: 0 }, { kind: 'attr', name: 'principal_id' },
    ]);
    assert.equal(stripKeys('module.a["x"].module.b[0].azurerm_x.y["k"]'), 'module.a.module.b.azurerm_x.y');
    // A deferred instance whose key is not known yet.
    assert.equal(stripKeys('module.a[*].azurerm_x.y[*]'), 'module.a.azurerm_x.y');
    assert.equal(stripKeys('module.a["x"].azurerm_x.y[*]'), 'module.a.azurerm_x.y');
    assert.equal(parseTraversal('a.b[each.key]'), undefined);
    const ident = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
    const key = fc.oneof(fc.nat({ max: 99 }), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(ident, fc.array(fc.oneof(ident.map((name) => ({ kind: 'attr' as const, name })), key.map((k) => ({ kind: 'index' as const, key: k }))), { maxLength: 6 }), (head, rest) => {
        const steps = [{ kind: 'attr' as const, name: head }, ...rest];
        assert.deepEqual(parseTraversal(formatSteps(steps)), steps);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('removes keys from any text as parsing it into steps does, on the shortcut for number keys too (fast-check)', () => {
    const byParsing = (text: string): string => {
      if (text.includes('[*]')) return byParsing(text.replaceAll('[*]', '')); // the key of a deferred instance, not known yet
      if (text === '') return text;
      const steps = parseTraversal(text);
      return steps ? formatSteps(steps.filter((s) => s.kind === 'attr')) : text;
    };
    assert.equal(stripKeys('module.a[0].azurerm_x.y[12]'), 'module.a.azurerm_x.y');
    assert.equal(stripKeys('a[007][1].b'), 'a.b');
    // Text near the shortcut's shape: names, number and string keys, and stray characters.
    const piece = fc.constantFrom('a', 'b_1', 'x-y', '.', '[', ']', '0', '12', '"k"', '*', ' ', '[3]', '.n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }).map((p) => p.join('')), (text) => {
        assert.equal(stripKeys(text), byParsing(text), text);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('parses ARM IDs, children and extension resources', () => {
    const id = parseArmId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct/blobServices/default/containers/c')!;
    assert.equal(id.armType, 'Microsoft.Storage/storageAccounts');
    assert.equal(id.name, 'acct');
    assert.deepEqual(id.children, [{ type: 'blobServices', name: 'default' }, { type: 'containers', name: 'c' }]);
    assert.equal(id.topId, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct');
    const ext = parseArmId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Authorization/roleAssignments/r')!;
    assert.deepEqual(ext.children, []);
    assert.equal(parseArmId('https://acct.dfs.core.windows.net/fs'), undefined);
    assert.equal(parseArmId('/subscriptions/s/resourceGroups/rg'), undefined);
  });
});

describe('graph building blocks', () => {
  const catalogP = import('../src/catalog.js').then((m) => m.bundledCatalog());

  it('finds ARM IDs in text and parses IDs without a subscription, and keys with quotes', async () => {
    const { findArmIds } = await import('../src/graph/arm.js');
    const ids = findArmIds('x "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1", y,/subscriptions/t/resourceGroups/r/providers/Microsoft.Sql/servers/sql1;');
    assert.deepEqual(ids.map((i) => [i.armType, i.name, i.subscription, i.resourceGroup]), [
      ['Microsoft.KeyVault/vaults', 'kv1', 's', 'rg'],
      ['Microsoft.Sql/servers', 'sql1', 't', 'r'],
    ]);
    assert.deepEqual(findArmIds('no ids here'), []);
    const bare = parseArmId('/providers/Microsoft.Insights/privateLinkScopes/ampls')!;
    assert.equal(bare.armType, 'Microsoft.Insights/privateLinkScopes');
    assert.equal(bare.subscription, undefined);
    assert.equal(parseArmId('/subscriptions/s/providers/nodot/x/y'), undefined);
    assert.equal(parseArmId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts'), undefined);
    assert.deepEqual(parseTraversal('a["q\\"uote"].b'), [{ kind: 'attr', name: 'a' }, { kind: 'index', key: 'q"uote' }, { kind: 'attr', name: 'b' }]);
    assert.equal(parseTraversal('a["open'), undefined);
    assert.equal(parseTraversal('.a'), undefined);
    assert.equal(parseTraversal('a.b c'), undefined);
    assert.equal(stripKeys('not a traversal ['), 'not a traversal [');
  });

  it('reads booleans written as strings, and only strings as strings', () => {
    const n = node({ t: 'true', f: 'false', x: 'maybe', s: 1 });
    assert.equal(readBool(n, 't', false), true);
    assert.equal(readBool(n, 'f', true), false);
    assert.equal(readBool(n, 'x', false), 'unknown');
    assert.equal(readBool(n, 'missing', true), true);
  });

  it('matches known IDs and names case-insensitively, and makes external nodes for the rest', async () => {
    const { GraphBuilder } = await import('../src/graph/build.js');
    const b = new GraphBuilder(await catalogP);
    const base = { kind: 'managed' as const, modulePath: '', declared: true, unknown: {}, sensitive: {} };
    b.placeholder('azurerm_storage_account.a', 'azurerm_storage_account.a', 'managed', 'azurerm_storage_account', 'a', '');
    b.add({ ...base, address: 'azurerm_storage_account.a', configAddress: 'azurerm_storage_account.a', type: 'azurerm_storage_account', name: 'a', armType: 'Microsoft.Storage/storageAccounts', values: { name: 'StLake', id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/StLake' } });
    b.add({ ...base, address: 'x.y', configAddress: 'x.y', type: 'x', name: 'y', values: { t: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvext', u: 'https://stother.blob.core.windows.net/c', secret: 'https://stsecret.dfs.core.windows.net/x' }, sensitive: { secret: true } });
    b.secret('hunter22');
    const g = b.build();
    assert.equal(g.node('azurerm_storage_account.a')!.declared, true, 'a declared node replaces the placeholder');
    assert.equal(g.resolveArmId('/SUBSCRIPTIONS/s/resourceGroups/RG/providers/microsoft.storage/storageaccounts/stlake')?.address, 'azurerm_storage_account.a');
    assert.equal(g.resolveArmId('/subscriptions/other/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/stlake')?.address, 'azurerm_storage_account.a', 'by ARM type and name');
    assert.equal(g.resolveByName('microsoft.storage/STORAGEACCOUNTS', 'STLAKE')?.address, 'azurerm_storage_account.a');
    assert.equal(g.resolveArmId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvext')?.address, 'Microsoft.KeyVault/vaults/kvext');
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'stother')?.kind, 'external');
    const hidden = g.resolveByName('Microsoft.Storage/storageAccounts', 'stsecret')!;
    assert.match(hidden.address, /^Microsoft\.Storage\/storageAccounts\/\(sensitive [0-9a-f]{8}\)$/);
    assert.equal(g.resolveArmId('not an id'), undefined);
    assert.ok(g.secrets.has('hunter22'));
    assert.deepEqual(g.ofType('nothing'), []);
    assert.deepEqual(g.referrers('nothing'), []);
    assert.throws(() => (g.secrets as Set<string>).add('x'), TypeError);
    assert.throws(() => (g.secrets as Set<string>).delete('hunter22'), TypeError);
    assert.throws(() => (g.node('x.y')!.refs as Map<string, unknown>).delete('t'), TypeError);
    assert.throws(() => (g.node('x.y')!.refs as Map<string, unknown>).clear(), TypeError);
    assert.throws(() => (g.node('x.y')!.unresolved as Set<string>).clear(), TypeError);
  });

  it('rejects values nested deeper than any provider schema', async () => {
    const { GraphBuilder, NestingError } = await import('../src/graph/build.js');
    const b = new GraphBuilder(await catalogP);
    let deep: unknown = 'x';
    for (let i = 0; i < 300; i++) deep = [deep];
    b.add({ address: 'x.deep', configAddress: 'x.deep', kind: 'managed', type: 'x', name: 'deep', modulePath: '', declared: true, values: { deep }, unknown: {}, sensitive: {} });
    assert.throws(() => b.build(), NestingError);
  });

  it('records referrers of a node', async () => {
    const r = await lint([{ path: 'examples/seed-blog/plan.json' }], { rules: RULES, cwd: ROOT });
    const g = r.graphs[0]!;
    const from = g.referrers('azurerm_synapse_workspace.this').map((x) => x.from.address);
    assert.ok(from.includes('azurerm_synapse_managed_private_endpoint.storage'));
    assert.ok(from.includes('azurerm_synapse_workspace_package.pandas'));
  });
});
