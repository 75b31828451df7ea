/**
 * The graph's building blocks, edge by edge: the builder's indexes and external nodes, value
 * reading, ARM IDs and traversals. Each case pins down a behaviour a mutation test found unchecked.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { bundledCatalog } from '../src/catalog.js';
import { findArmIds, parseArmId } from '../src/graph/arm.js';
import { compare, GraphBuilder, NestingError, walkStrings, type NodeInit } from '../src/graph/build.js';
import { parseTraversal } from '../src/graph/traversal.js';
import type { Graph, GraphNode, Ref } from '../src/graph/types.js';
import { knownString, read, toPath } from '../src/graph/values.js';

const catalog = bundledCatalog();
const SUB = '/subscriptions/s/resourceGroups/rg/providers';

/** A declared managed node; `over` replaces any field. */
function decl(address: string, values: unknown, over: Partial<NodeInit> = {}): NodeInit {
  const [type = address, name = address] = address.split('.');
  return { address, configAddress: address, kind: 'managed', type, name, modulePath: '', declared: true, values, unknown: {}, sensitive: {}, ...over };
}

function build(...nodes: NodeInit[]): Graph {
  const b = new GraphBuilder(catalog);
  for (const n of nodes) b.add(n);
  return b.build();
}

function hidden(armType: string, name: string): string {
  return `(sensitive ${createHash('sha256').update(`${armType.toLowerCase()}|${name.toLowerCase()}`).digest('hex').slice(0, 8)})`;
}

function gnode(values: unknown, unknown: unknown = {}, sensitive: unknown = {}, declared = true): GraphNode {
  return { address: 'x.y', configAddress: 'x.y', kind: 'managed', type: 'x', name: 'y', modulePath: '', declared, values, unknown, sensitive, refs: new Map(), unresolved: new Set() };
}

const FROZEN = { name: 'TypeError', message: 'the graph is frozen' };

describe('GraphBuilder: adding nodes', () => {
  it('answers has() and get() for what was added', () => {
    const b = new GraphBuilder(catalog);
    const n = decl('x.a', { k: 1 });
    b.add(n);
    assert.equal(b.has('x.a'), true);
    assert.equal(b.has('x.b'), false);
    assert.equal(b.get('x.a'), n);
    assert.equal(b.get('x.b'), undefined);
  });

  it('keeps a declared node when an undeclared one of the same address comes later, and takes undeclared nodes otherwise', () => {
    const g = build(decl('x.a', { v: 'declared' }), decl('x.a', { v: 'later' }, { declared: false }), decl('x.b', {}, { declared: false }));
    assert.equal(g.node('x.a')?.declared, true);
    assert.deepEqual(g.node('x.a')?.values, { v: 'declared' });
    assert.equal(g.node('x.b')?.declared, false, 'an undeclared node with nothing before it is kept');
  });

  it('lets a later declared node replace an earlier declared one', () => {
    const g = build(decl('x.a', { v: 1 }), decl('x.a', { v: 2 }));
    assert.deepEqual(g.node('x.a')?.values, { v: 2 });
    assert.equal(g.nodes.length, 1);
  });

  it('makes undeclared, unknown placeholders, and never over a node that is there', () => {
    const b = new GraphBuilder(catalog);
    b.add(decl('azurerm_storage_account.d', { name: 'stdecl' }, { armType: 'Microsoft.Storage/storageAccounts' }));
    b.placeholder('azurerm_storage_account.d', 'azurerm_storage_account.d', 'managed', 'azurerm_storage_account', 'd', '');
    b.placeholder('azurerm_storage_account.p', 'azurerm_storage_account.p', 'managed', 'azurerm_storage_account', 'p', 'module.m');
    b.placeholder('azurerm_storage_account.p', 'other', 'data', 'other', 'q', '');
    b.placeholder('nocatalog_thing.t', 'nocatalog_thing.t', 'data', 'nocatalog_thing', 't', '');
    const g = b.build();
    const d = g.node('azurerm_storage_account.d')!;
    assert.equal(d.declared, true);
    assert.deepEqual(d.values, { name: 'stdecl' });
    const p = g.node('azurerm_storage_account.p')!;
    assert.equal(p.declared, false);
    assert.equal(p.unknown, true);
    assert.deepEqual(p.values, {});
    assert.equal(p.kind, 'managed');
    assert.equal(p.modulePath, 'module.m');
    assert.equal(p.armType, 'Microsoft.Storage/storageAccounts');
    assert.equal(g.node('nocatalog_thing.t')?.armType, undefined);
    assert.equal(read(p, 'name').state, 'unknown');
  });
});

describe('GraphBuilder: notes, node order, freezing', () => {
  it('keeps the notes given, sorted by file then message', () => {
    assert.deepEqual(new GraphBuilder(catalog).build().notes, []);
    const b = new GraphBuilder(catalog);
    b.note({ file: 'b.json', message: 'm' });
    b.note({ file: 'a.json', message: 'z' });
    b.note({ file: 'c.json', message: 'a' });
    b.note({ file: 'a.json', message: 'y', address: 'x.y' });
    assert.deepEqual(b.build().notes, [
      { file: 'a.json', message: 'y', address: 'x.y' },
      { file: 'a.json', message: 'z' },
      { file: 'b.json', message: 'm' },
      { file: 'c.json', message: 'a' },
    ]);
  });

  it('makes one graph: the graph keeps its map of nodes, so nothing can be added to it afterwards', () => {
    const b = new GraphBuilder(catalog);
    b.add(decl('azurerm_storage_account.a', {}));
    const g = b.build();
    const built = { name: 'TypeError', message: 'the graph is built: a builder makes one graph' };
    assert.throws(() => b.add(decl('azurerm_storage_account.b', {})), built);
    assert.throws(() => b.placeholder('azurerm_storage_account.c', 'azurerm_storage_account.c', 'managed', 'azurerm_storage_account', 'c', ''), built);
    assert.throws(() => b.build(), built);
    assert.deepEqual(g.nodes.map((n) => n.address), ['azurerm_storage_account.a']);
    assert.equal(g.node('azurerm_storage_account.b'), undefined);
  });

  it('compares strings by code unit', () => {
    assert.equal(compare('a', 'b'), -1);
    assert.equal(compare('b', 'a'), 1);
    assert.equal(compare('a', 'a'), 0);
    assert.equal(compare('B', 'a'), -1);
  });

  it('lists nodes by address, then external nodes by address', () => {
    const g = build(
      decl('x.c', { id: `${SUB}/Microsoft.Foo/bars/aaa` }),
      decl('x.b', {}),
      decl('x.a', { ref: `${SUB}/Microsoft.Foo/bars/zzz` }),
    );
    assert.deepEqual(g.nodes.map((n) => n.address), ['x.a', 'x.b', 'x.c', 'Microsoft.Foo/bars/zzz']);
    const g2 = build(decl('x.a', { ref: `${SUB}/Microsoft.Foo/bars/zzz` }), decl('x.b', { ref: `${SUB}/Microsoft.Foo/bars/aaa` }));
    assert.deepEqual(g2.nodes.map((n) => n.address), ['x.a', 'x.b', 'Microsoft.Foo/bars/aaa', 'Microsoft.Foo/bars/zzz']);
  });

  it('keeps references and unresolved paths, and refuses changes to them with a clear error', () => {
    const ref: Ref = { target: 'x.b', attribute: 'id', keyed: false };
    const g = build(decl('x.a', {}, { refs: new Map([['p', [ref]]]), unresolved: new Set(['q']) }), decl('x.b', {}));
    const a = g.node('x.a')!;
    assert.deepEqual([...a.refs], [['p', [ref]]]);
    assert.deepEqual([...a.unresolved], ['q']);
    assert.deepEqual([...g.node('x.b')!.unresolved], []);
    assert.deepEqual([...g.node('x.b')!.refs], []);
    assert.deepEqual(g.referrers('x.b').map((r) => [r.from.address, r.attribute, r.ref]), [['x.a', 'p', ref]]);
    const refs = a.refs as Map<string, unknown>;
    const unresolved = a.unresolved as Set<string>;
    assert.throws(() => refs.set('x', []), FROZEN);
    assert.throws(() => refs.delete('p'), FROZEN);
    assert.throws(() => refs.clear(), FROZEN);
    assert.throws(() => unresolved.add('x'), FROZEN);
    assert.throws(() => unresolved.delete('q'), FROZEN);
    assert.throws(() => unresolved.clear(), FROZEN);
    assert.deepEqual([...a.refs.keys()], ['p']);
    assert.deepEqual([...a.unresolved], ['q']);
  });

  it('freezes value trees 256 levels down and leaves deeper parts as they are', () => {
    let deep: unknown = {};
    for (let i = 0; i < 300; i++) deep = [deep];
    const g = build(decl('x.a', {}, { unknown: deep }));
    const at = (d: number): unknown => {
      let v = g.node('x.a')!.unknown;
      for (let i = 0; i < d; i++) v = (v as unknown[])[0];
      return v;
    };
    assert.equal(Object.isFrozen(at(0)), true);
    assert.equal(Object.isFrozen(at(1)), true);
    assert.equal(Object.isFrozen(at(256)), true);
    assert.equal(Object.isFrozen(at(257)), false);
    assert.equal(Object.isFrozen(at(300)), false);
  });
});

describe('GraphBuilder: IDs and names', () => {
  it('resolves a known ID that is not an ARM resource ID, case-insensitively', () => {
    const g = build(decl('azurerm_resource_group.rg', { id: '/subscriptions/s/resourceGroups/MyRg', name: 'MyRg' }));
    assert.equal(g.resolveArmId('/subscriptions/s/resourceGroups/MyRg')?.address, 'azurerm_resource_group.rg');
    assert.equal(g.resolveArmId('/SUBSCRIPTIONS/S/RESOURCEGROUPS/MYRG')?.address, 'azurerm_resource_group.rg');
    assert.equal(g.resolveArmId('/subscriptions/s/resourceGroups/other'), undefined);
  });

  it('resolves the ID, and IDs of children, of a node the catalog does not know, without making an external node for it', () => {
    const id = `${SUB}/Microsoft.Foo/bars/Bee`;
    const g = build(decl('x.a', { id }), decl('x.b', { uses: `${id}/children/c` }));
    assert.deepEqual(g.nodes.map((n) => n.address), ['x.a', 'x.b']);
    assert.equal(g.resolveArmId(id)?.address, 'x.a');
    assert.equal(g.resolveArmId(`${id}/children/c`)?.address, 'x.a');
    assert.equal(g.resolveArmId(`${SUB}/Microsoft.Foo/bars/bee/children/c`)?.address, 'x.a');
  });

  it('gives an ID or a name to the first node by address that has it', () => {
    const id = `${SUB}/Microsoft.Foo/bars/one`;
    const st = { armType: 'Microsoft.Storage/storageAccounts' };
    const g = build(
      decl('x.b', { id: id.toUpperCase() }),
      decl('x.a', { id }),
      decl('azurerm_storage_account.b', { name: 'Shared' }, st),
      decl('azurerm_storage_account.a', { name: 'shared' }, st),
    );
    assert.equal(g.resolveArmId(id)?.address, 'x.a');
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'SHARED')?.address, 'azurerm_storage_account.a');
  });

  it('indexes nothing of undeclared nodes and finds no IDs in their values', () => {
    const id = `${SUB}/Microsoft.Storage/storageAccounts/stundecl`;
    const g = build(decl('azurerm_storage_account.u', { id, name: 'stundecl', other: `${SUB}/Microsoft.Foo/bars/b` }, { declared: false, armType: 'Microsoft.Storage/storageAccounts' }));
    assert.equal(g.resolveArmId(id), undefined);
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'stundecl'), undefined);
    assert.deepEqual(g.nodes.map((n) => n.address), ['azurerm_storage_account.u']);
  });

  it('reads only own string `id` and `name` of object values', () => {
    const st = { armType: 'Microsoft.Storage/storageAccounts' };
    const inherited = Object.create({ id: `${SUB}/Microsoft.Storage/storageAccounts/stinh`, name: 'stinh' }) as object;
    function stfn(): void {}
    const g = build(
      decl('azurerm_storage_account.nul', null, st),
      decl('azurerm_storage_account.num', { id: 42, name: 7 }, st),
      decl('azurerm_storage_account.inh', inherited, st),
      decl('azurerm_storage_account.fn', stfn, st),
    );
    assert.equal(g.nodes.length, 4);
    assert.equal(g.node('azurerm_storage_account.nul')?.values, null);
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', '7'), undefined);
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'stinh'), undefined);
    assert.equal(g.resolveArmId(`${SUB}/Microsoft.Storage/storageAccounts/stinh`), undefined);
    // A function has an own `name`, but it is not a resource's.
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'stfn'), undefined);
  });
});

describe('GraphBuilder: external nodes', () => {
  it('makes an external node for an ARM ID that names nothing declared', () => {
    const g = build(decl('x.a', { ref: `${SUB}/Microsoft.Foo/bars/ext1` }));
    const e = g.resolveArmId(`${SUB}/Microsoft.Foo/bars/ext1`)!;
    assert.deepEqual(
      { ...e, refs: [...e.refs], unresolved: [...e.unresolved] },
      {
        address: 'Microsoft.Foo/bars/ext1', configAddress: 'Microsoft.Foo/bars/ext1', kind: 'external', type: 'Microsoft.Foo/bars', name: 'ext1',
        modulePath: '', declared: false, armType: 'Microsoft.Foo/bars', values: {}, unknown: {}, sensitive: {}, refs: [], unresolved: [],
      },
    );
  });

  it('hides a name seen in any sensitive value, whichever node comes first, and keeps the first spelling otherwise', () => {
    const g = build(
      decl('x.a', {
        p1: `${SUB}/Microsoft.Foo/bars/n1`,
        s2: `${SUB}/Microsoft.Foo/bars/n2`,
        p3: `${SUB}/Microsoft.Foo/bars/N3`,
        s4: `${SUB}/Microsoft.Foo/bars/n4`,
      }, { sensitive: { s2: true, s4: true } }),
      decl('x.b', {
        s1: `${SUB}/Microsoft.Foo/bars/n1`,
        p2: `${SUB}/Microsoft.Foo/bars/n2`,
        p3: `${SUB}/microsoft.foo/bars/n3`,
        s4: `${SUB}/microsoft.foo/BARS/n4`,
      }, { sensitive: { s1: true, s4: true } }),
    );
    const externals = g.nodes.filter((n) => n.kind === 'external').map((n) => n.address).sort();
    assert.deepEqual(externals, [
      'Microsoft.Foo/bars/N3',
      `Microsoft.Foo/bars/${hidden('Microsoft.Foo/bars', 'n1')}`,
      `Microsoft.Foo/bars/${hidden('Microsoft.Foo/bars', 'n2')}`,
      `Microsoft.Foo/bars/${hidden('Microsoft.Foo/bars', 'n4')}`,
    ].sort());
    assert.equal(g.resolveByName('microsoft.foo/bars', 'n1')?.name, hidden('Microsoft.Foo/bars', 'n1'));
  });

  it('hides a sensitive store host behind a hash of its type and name', () => {
    const g = build(decl('x.a', { secret: 'https://stsecret.dfs.core.windows.net/x' }, { sensitive: { secret: true } }));
    assert.equal(g.resolveByName('Microsoft.Storage/storageAccounts', 'stsecret')?.address, 'Microsoft.Storage/storageAccounts/(sensitive ' + createHash('sha256').update('microsoft.storage/storageaccounts|stsecret').digest('hex').slice(0, 8) + ')');
  });

  it('makes no external node for a host that any store type sharing it declares', () => {
    const g = build(
      decl('azurerm_servicebus_namespace.sb', { name: 'sbns' }, { armType: 'Microsoft.ServiceBus/namespaces' }),
      decl('x.app', { conn: 'Endpoint=sb://sbns.servicebus.windows.net/;SharedAccessKeyName=k', other: 'sb://evns.servicebus.windows.net/' }),
    );
    assert.deepEqual(g.nodes.map((n) => n.address), ['azurerm_servicebus_namespace.sb', 'x.app', 'Microsoft.EventHub/namespaces/evns']);
    assert.equal(g.resolveByName('Microsoft.EventHub/namespaces', 'sbns'), undefined);
    assert.equal(g.resolveByName('Microsoft.ServiceBus/namespaces', 'sbns')?.address, 'azurerm_servicebus_namespace.sb');
  });
});

describe('walkStrings', () => {
  function strings(value: unknown, sensitive: unknown): [string, boolean][] {
    const out: [string, boolean][] = [];
    walkStrings(value, sensitive, (s, m) => out.push([s, m]));
    return out.sort((a, b) => compare(a[0], b[0]));
  }

  it('marks every string under a sensitive mask, and skips nulls and numbers', () => {
    assert.deepEqual(strings('s', true), [['s', true]]);
    assert.deepEqual(strings('s', false), [['s', false]]);
    assert.deepEqual(strings({ a: null, b: 1, c: 's', d: true, e: undefined }, {}), [['s', false]]);
    assert.deepEqual(strings({ a: { b: 'x' }, c: 'y' }, null), [['x', false], ['y', false]]);
    assert.deepEqual(strings({ a: { b: 'x' }, c: 'y' }, { a: null, c: true }), [['x', false], ['y', true]]);
    assert.deepEqual(strings({ a: ['x', 'z'], c: 'y' }, { a: true }), [['x', true], ['y', false], ['z', true]]);
  });

  it('walks 256 levels and throws a NestingError below that', () => {
    const wrap = (k: number, leaf: unknown = 'x'): unknown => {
      let v: unknown = leaf;
      for (let i = 0; i < k; i++) v = [v];
      return v;
    };
    assert.deepEqual(strings(wrap(256), {}), [['x', false]]);
    // Scalars other than strings are leaves too: at the limit they are not a level deeper.
    assert.deepEqual(strings(wrap(256, 1), {}), []);
    assert.deepEqual(strings(wrap(256, true), {}), []);
    assert.throws(() => walkStrings(wrap(257), {}, () => {}, 'x.deep'), (e: unknown) => {
      assert.ok(e instanceof NestingError);
      assert.equal(e.address, 'x.deep');
      assert.equal(e.message, 'x.deep has values nested more than 256 levels deep');
      return true;
    });
    assert.throws(() => walkStrings(wrap(300), {}, () => {}), { address: 'a resource', message: 'a resource has values nested more than 256 levels deep' });
  });

  it('stops a build on values nested too deep, naming the node', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 300; i++) deep = [deep];
    assert.throws(() => build(decl('x.deep', { deep })), { name: 'Error', message: 'x.deep has values nested more than 256 levels deep' });
  });
});

describe('values: paths', () => {
  it('parses dotted paths with indexes', () => {
    assert.deepEqual(toPath('a.b'), ['a', 'b']);
    assert.deepEqual(toPath('ab[12]'), ['ab', 12]);
    assert.deepEqual(toPath('ab[1][23].c'), ['ab', 1, 23, 'c']);
    assert.deepEqual(toPath('a.[0]'), ['a', 0]);
    assert.deepEqual(toPath('x.12'), ['x', 12]);
    assert.deepEqual(toPath('a..b.'), ['a', 'b']);
    assert.deepEqual(toPath(''), []);
  });

  it('keeps parts that are not a name with indexes as they are', () => {
    assert.deepEqual(toPath('x[0]y'), ['x[0]y']);
    assert.deepEqual(toPath('p.x[a]'), ['p', 'x[a]']);
    assert.deepEqual(toPath('a1'), ['a1']);
    assert.deepEqual(toPath('1a'), ['1a']);
    assert.deepEqual(toPath('Stryker was here!'), ['Stryker was here!']);
  });

  it('passes a parsed path through and parses a string once', () => {
    const p = ['a', 0] as const;
    assert.equal(toPath(p), p);
    assert.equal(toPath('once.more[1]'), toPath('once.more[1]'));
    assert.deepEqual(read(gnode({ a: ['v'] }), p), { state: 'known', value: 'v', sensitive: false });
  });

  it('caches at most 10,000 parsed paths', async () => {
    // A fresh copy of the module, with an empty cache.
    const fresh = (await import(new URL('../src/graph/values.js?cache-limit', import.meta.url).href)) as typeof import('../src/graph/values.js');
    for (let i = 0; i < 9_999; i++) fresh.toPath(`p${i}`);
    const last = fresh.toPath('last');
    assert.equal(fresh.toPath('last'), last, 'the 10,000th path is kept');
    const over = fresh.toPath('over');
    assert.notEqual(fresh.toPath('over'), over, 'the 10,001st is not');
    assert.deepEqual(fresh.toPath('over'), ['over']);
  });
});

describe('values: read', () => {
  it('reads what a .tf data source does not set as unknown, and what it sets as known', () => {
    const data = { ...gnode({ name: 'syn', nested: { a: 1 } }, {}, { nested: { a: true } }), kind: 'data' as const, unsetIsUnknown: true };
    assert.deepEqual(read(data, 'name'), { state: 'known', value: 'syn', sensitive: false });
    assert.deepEqual(read(data, 'data_exfiltration_protection_enabled'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(data, 'nested.b'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(data, 'nested.a'), { state: 'known', value: 1, sensitive: true });
    // Without the mark (a managed resource, or a data source read in a plan), not set is absent.
    assert.deepEqual(read(gnode({ name: 'syn' }), 'data_exfiltration_protection_enabled'), { state: 'absent' });
  });

  it('reads an undeclared node as unknown and not sensitive', () => {
    assert.deepEqual(read(gnode({ s: 'x' }, {}, { s: true }, false), 's'), { state: 'unknown', sensitive: false });
  });

  it('reads everything under an unknown or sensitive root as such', () => {
    assert.deepEqual(read(gnode({ a: 'x' }, true), 'a'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(gnode({ a: 'x' }, true, true), 'a'), { state: 'unknown', sensitive: true });
    assert.deepEqual(read(gnode({ a: 1 }, true), ''), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(gnode({ a: 1 }, true, true), []), { state: 'unknown', sensitive: true });
    assert.deepEqual(read(gnode({ a: 'x' }, {}, true), 'a'), { state: 'known', value: 'x', sensitive: true });
    assert.deepEqual(read(gnode({ a: 'x' }), ''), { state: 'known', value: { a: 'x' }, sensitive: false });
  });

  it('carries sensitivity and unknownness through the first element of a block list', () => {
    const values = { blk: [{ content: 'c' }] };
    assert.deepEqual(read(gnode(values, {}, { blk: [true] }), 'blk.content'), { state: 'known', value: 'c', sensitive: true });
    assert.deepEqual(read(gnode(values, { blk: [true] }), 'blk.content'), { state: 'unknown', sensitive: false });
    assert.deepEqual(read(gnode(values, { blk: [true] }, { blk: [true] }), 'blk.content'), { state: 'unknown', sensitive: true });
    assert.deepEqual(read(gnode(values, { blk: [{ content: true }] }), 'blk.content'), { state: 'unknown', sensitive: false });
  });

  it('reads an empty block list as absent when it is known', () => {
    assert.deepEqual(read(gnode({ blk: [] }, { blk: false }), 'blk.content'), { state: 'absent' });
    assert.deepEqual(read(gnode({ blk: [] }, { blk: [] }), 'blk.content'), { state: 'absent' });
    assert.deepEqual(read(gnode({ blk: [] }, { blk: true }), 'blk.content'), { state: 'unknown', sensitive: false });
  });

  it('keeps a value sensitive below a sensitive parent', () => {
    assert.deepEqual(read(gnode({ a: { b: 'x' } }, {}, { a: true }), 'a.b'), { state: 'known', value: 'x', sensitive: true });
  });

  it('reads a value as sensitive when any part of it is', () => {
    const values = { a: { x: '1', y: '2' } };
    assert.deepEqual(read(gnode(values, {}, { a: { x: true } }), 'a'), { state: 'known', value: values.a, sensitive: true });
    assert.deepEqual(read(gnode(values, {}, { a: { x: false, y: [false, true] } }), 'a'), { state: 'known', value: values.a, sensitive: true });
    assert.deepEqual(read(gnode(values, {}, { a: { x: false } }), 'a'), { state: 'known', value: values.a, sensitive: false });
    assert.deepEqual(read(gnode(values, {}, { a: {} }), 'a'), { state: 'known', value: values.a, sensitive: false });
    assert.deepEqual(read(gnode(values, {}, { a: null }), 'a'), { state: 'known', value: values.a, sensitive: false });
    assert.deepEqual(read(gnode(values, {}, { a: { x: 'true' } }), 'a'), { state: 'known', value: values.a, sensitive: false });
  });

  it('reads below null or a string as absent', () => {
    assert.deepEqual(read(gnode({ a: null }), 'a.b'), { state: 'absent' });
    assert.deepEqual(read(gnode({ a: null }), 'a'), { state: 'absent' });
    assert.deepEqual(read(gnode({ s: 'abc' }), 's.0'), { state: 'absent' });
    assert.deepEqual(read(gnode({ s: 'abc' }), ['s', 'length']), { state: 'absent' });
  });

  it('gives known strings only', () => {
    assert.equal(knownString(gnode({ s: 'x', n: 5, t: true }), 's'), 'x');
    assert.equal(knownString(gnode({ s: 'x', n: 5, t: true }), 'n'), undefined);
    assert.equal(knownString(gnode({ s: 'x', n: 5, t: true }), 't'), undefined);
    assert.equal(knownString(gnode({ s: 'x' }, { s: true }), 's'), undefined);
    assert.equal(knownString(gnode({ s: 'x' }), 'missing'), undefined);
  });
});

describe('ARM IDs', () => {
  it('parses an ID with a subscription and no resource group', () => {
    assert.deepEqual(parseArmId('/subscriptions/s/providers/Microsoft.Foo/bars/b'), {
      subscription: 's', armType: 'Microsoft.Foo/bars', name: 'b', children: [], topId: '/subscriptions/s/providers/Microsoft.Foo/bars/b',
    });
  });

  it('parses an ID with neither subscription nor resource group', () => {
    assert.deepEqual(parseArmId('/providers/Microsoft.Insights/privateLinkScopes/ampls'), {
      armType: 'Microsoft.Insights/privateLinkScopes', name: 'ampls', children: [], topId: '/providers/Microsoft.Insights/privateLinkScopes/ampls',
    });
  });

  it('parses a full ID, with upper-case keywords', () => {
    assert.deepEqual(parseArmId('/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg/PROVIDERS/Microsoft.Foo/bars/b/kids/k'), {
      subscription: 's', resourceGroup: 'rg', armType: 'Microsoft.Foo/bars', name: 'b', children: [{ type: 'kids', name: 'k' }], topId: '/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg/PROVIDERS/Microsoft.Foo/bars/b',
    });
  });

  it('rejects text that is not an ARM resource ID', () => {
    assert.equal(parseArmId('x/providers/Microsoft.Foo/bars/b'), undefined);
    assert.equal(parseArmId('providers/Microsoft.Foo/bars/b'), undefined);
    assert.equal(parseArmId('/subscriptions/s'), undefined);
    assert.equal(parseArmId('/subscriptions'), undefined);
    assert.equal(parseArmId('/'), undefined);
    assert.equal(parseArmId(`/subscriptions/s/resourceGroups/rg/nope/Microsoft.Foo/bars/b`), undefined);
    assert.equal(parseArmId(`${SUB}/Microsoft.Foo/bars/my name`), undefined);
    assert.equal(parseArmId(`${SUB}/Microsoft.Foo/my bars/b`), undefined);
    assert.equal(parseArmId(`${SUB}/Microsoft. Foo/bars/b`), undefined);
    assert.equal(parseArmId(`${SUB}/Microsoft.Foo//b`), undefined);
    assert.equal(parseArmId(`${SUB}//bars/b`), undefined);
  });

  it('stops children at an empty segment', () => {
    assert.deepEqual(parseArmId(`${SUB}/Microsoft.Foo/bars/b/blobServices//containers/c`)?.children, []);
    assert.deepEqual(parseArmId(`${SUB}/Microsoft.Foo/bars/b/blobServices/default/containers`)?.children, [{ type: 'blobServices', name: 'default' }]);
  });

  it('finds only parseable IDs in text, however `providers` is spelled', () => {
    assert.deepEqual(findArmIds('see /subscriptions/s/resourceGroups/rg and /providers/Microsoft.Foo/bars/b'), []);
    assert.deepEqual(findArmIds('/subscriptions/s/resourceGroups/rg/Providers/Microsoft.Foo/bars/b').map((i) => i.topId), ['/subscriptions/s/resourceGroups/rg/Providers/Microsoft.Foo/bars/b']);
  });
});

describe('traversals', () => {
  it('accepts `*` only as a whole step', () => {
    assert.deepEqual(parseTraversal('a.*'), [{ kind: 'attr', name: 'a' }, { kind: 'attr', name: '*' }]);
    assert.equal(parseTraversal('x*'), undefined);
    assert.equal(parseTraversal('*x'), undefined);
  });

  it('accepts only whole numbers and quoted strings as index keys', () => {
    assert.deepEqual(parseTraversal('a[12]'), [{ kind: 'attr', name: 'a' }, { kind: 'index', key: 12 }]);
    assert.equal(parseTraversal('a[x1]'), undefined);
    assert.equal(parseTraversal('a[1x]'), undefined);
    assert.equal(parseTraversal('a[ "k" ]'), undefined);
    assert.equal(parseTraversal('a[ "k"]'), undefined);
    assert.equal(parseTraversal('a["k" ]'), undefined);
    assert.equal(parseTraversal('a[true]'), undefined);
  });

  it('rejects an index that is not closed', () => {
    assert.equal(parseTraversal('a[12'), undefined);
    assert.equal(parseTraversal('[12'), undefined);
  });
});
