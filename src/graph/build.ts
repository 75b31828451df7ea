/** Collects nodes from a loader, links known IDs and hosts, and freezes the result. */
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog.js';
import { findArmIds, parseArmId } from './arm.js';
import type { Graph, GraphNode, LoadNote, Ref } from './types.js';

function frozenError(): TypeError {
  return new TypeError('the graph is frozen');
}

/**
 * A Map a loader fills and the graph then seals in place: once sealed, every change throws. Sealing
 * instead of copying keeps one map per node, not two.
 */
export class SealableMap<K, V> extends Map<K, V> {
  #sealed = false;
  seal(): this {
    this.#sealed = true;
    return this;
  }
  override set(key: K, value: V): this {
    if (this.#sealed) throw frozenError();
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    if (this.#sealed) throw frozenError();
    return super.delete(key);
  }
  override clear(): void {
    if (this.#sealed) throw frozenError();
    super.clear();
  }
}

/** A Set that a loader fills and the graph seals, like SealableMap. */
export class SealableSet<T> extends Set<T> {
  #sealed = false;
  seal(): this {
    this.#sealed = true;
    return this;
  }
  override add(value: T): this {
    if (this.#sealed) throw frozenError();
    return super.add(value);
  }
  override delete(value: T): boolean {
    if (this.#sealed) throw frozenError();
    return super.delete(value);
  }
  override clear(): void {
    if (this.#sealed) throw frozenError();
    super.clear();
  }
}

function sealedMap<K, V>(entries: Iterable<readonly [K, V]>): SealableMap<K, V> {
  const m = new SealableMap<K, V>();
  for (const [k, v] of entries) m.set(k, v);
  return m.seal();
}

function sealedSet<T>(values: Iterable<T>): SealableSet<T> {
  const s = new SealableSet<T>();
  for (const v of values) s.add(v);
  return s.seal();
}

const NO_REFS: ReadonlyMap<string, readonly Ref[]> = sealedMap([]);
const NOTHING_UNRESOLVED: ReadonlySet<string> = sealedSet([]);

/** A node's references, sealed: a loader's SealableMap and its lists in place, any other map copied. */
function sealRefs(refs: ReadonlyMap<string, readonly Ref[]> | undefined): ReadonlyMap<string, readonly Ref[]> {
  if (!refs || refs.size === 0) return NO_REFS;
  // A map sealed before has frozen lists: freezing them again changes nothing.
  if (refs instanceof SealableMap) {
    for (const list of refs.values()) Object.freeze(list);
    return refs.seal();
  }
  const copy = new SealableMap<string, readonly Ref[]>();
  for (const [k, v] of refs) copy.set(k, Object.freeze(v.slice()));
  return copy.seal();
}

function sealUnresolved(unresolved: ReadonlySet<string> | undefined): ReadonlySet<string> {
  if (!unresolved || unresolved.size === 0) return NOTHING_UNRESOLVED;
  if (unresolved instanceof SealableSet) return unresolved.seal();
  return sealedSet(unresolved);
}

/** A node as a loader fills it in, before the graph freezes it. */
export type NodeInit = { -readonly [K in keyof Omit<GraphNode, 'refs' | 'unresolved'>]: GraphNode[K] } & {
  refs?: ReadonlyMap<string, readonly Ref[]>;
  unresolved?: ReadonlySet<string>;
};

/** How deep value trees are walked for IDs and hosts, and frozen. Deeper parts are left as they are. */
const MAX_WALK_DEPTH = 256;

export class GraphBuilder {
  readonly #nodes = new Map<string, NodeInit>();
  readonly #notes: LoadNote[] = [];
  readonly #secrets = new Set<string>();

  #built = false;

  constructor(readonly catalog: Catalog) {}

  /** Nodes can be added until the graph is built: it keeps the builder's map of them. */
  #open(): void {
    if (this.#built) throw new TypeError('the graph is built: a builder makes one graph');
  }

  has(address: string): boolean {
    return this.#nodes.has(address);
  }

  get(address: string): NodeInit | undefined {
    return this.#nodes.get(address);
  }

  /** Adds a node; a declared node replaces a placeholder of the same address. */
  add(node: NodeInit): void {
    this.#open();
    // Only an undeclared node has to look: a declared one replaces whatever is there.
    if (!node.declared && this.#nodes.get(node.address)?.declared) return;
    this.#nodes.set(node.address, node);
  }

  /** A node for a resource the input refers to but does not declare. */
  placeholder(addr: string, configAddress: string, kind: 'managed' | 'data', type: string, name: string, modulePath: string): void {
    this.#open();
    if (this.#nodes.has(addr)) return;
    const store = this.catalog.byTerraformType(type);
    this.#nodes.set(addr, {
      address: addr,
      configAddress,
      kind,
      type,
      name,
      modulePath,
      declared: false,
      ...(store ? { armType: store.armType } : {}),
      values: {},
      unknown: true,
      sensitive: {},
    });
  }

  note(note: LoadNote): void {
    this.#notes.push(note);
  }

  secret(value: string): void {
    this.#secrets.add(value);
  }

  /** Records every string (and number) of `values` under a sensitive mark (`true`, or a tree of marks), so no output can print it. */
  secretsIn(values: unknown, sensitive: unknown): void {
    if (sensitive !== true && !hasKeys(sensitive)) return; // nothing is marked: the usual case
    const stack: [unknown, unknown, number][] = [[values, sensitive, 0]];
    while (stack.length > 0) {
      const [v, s, depth] = stack.pop()!;
      if (s === true) {
        const inner: [unknown, number][] = [[v, 0]];
        while (inner.length > 0) {
          const [x, d] = inner.pop()!;
          if (typeof x === 'string') this.#secrets.add(x);
          else if (typeof x === 'number') this.#secrets.add(String(x));
          else if (x !== null && typeof x === 'object' && d < 64) for (const c of Object.values(x)) inner.push([c, d + 1]);
        }
        continue;
      }
      if (s === null || typeof s !== 'object' || v === null || typeof v !== 'object' || depth > 64) continue;
      for (const [k, sub] of Object.entries(s)) {
        const child = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
        stack.push([child, sub, depth + 1]);
      }
    }
  }

  build(): Graph {
    this.#open();
    const catalog = this.catalog;
    const declared = [...this.#nodes.values()];
    const byId = new Map<string, NodeInit>();
    const byName = new Map<string, NodeInit>();
    const sorted = declared.sort((a, b) => compare(a.address, b.address));
    for (const n of sorted) {
      if (!n.declared) continue;
      const id = stringAt(n.values, 'id')?.toLowerCase();
      if (id !== undefined && !byId.has(id)) byId.set(id, n);
      const name = stringAt(n.values, 'name');
      if (n.armType && name !== undefined) {
        const key = nameKey(n.armType, name);
        if (!byName.has(key)) byName.set(key, n);
      }
    }

    // External resources: literal ARM IDs and store hosts that name nothing declared.
    const externals = new Map<string, NodeInit>();
    const addExternal = (armType: string, name: string, sensitive: boolean): void => {
      const key = nameKey(armType, name);
      if (byName.has(key)) return;
      const canonical = catalog.byArmType(armType)?.armType ?? armType;
      const prev = externals.get(key);
      // A name read from a sensitive value is never shown: the node's address hides it.
      const shown = sensitive ? `(sensitive ${createHash('sha256').update(key).digest('hex').slice(0, 8)})` : name;
      if (prev && (prev.name.startsWith('(sensitive ') || !sensitive)) return;
      const address = `${canonical}/${shown}`;
      externals.set(key, {
        address,
        configAddress: address,
        kind: 'external',
        type: canonical,
        name: shown,
        modulePath: '',
        declared: false,
        armType: canonical,
        values: {},
        unknown: {},
        sensitive: {},
      });
    };
    for (const n of sorted) {
      if (!n.declared) continue;
      walkStrings(
        n.values,
        n.sensitive,
        (s, sensitive) => {
          for (const id of findArmIds(s)) {
            if (!byId.has(id.topId.toLowerCase())) addExternal(id.armType, id.name, sensitive);
          }
          for (const h of catalog.findHosts(s)) {
            const first = h.types[0];
            if (first && !h.types.some((t) => byName.has(nameKey(t.store.armType, h.name)))) addExternal(first.store.armType, h.name, sensitive);
          }
        },
        n.address,
        true,
      );
    }

    // Literal IDs in the commands a resource runs (`az ... approve --id /subscriptions/...`) name resources too.
    for (const n of sorted) {
      if (!n.declared || !n.provisioners) continue;
      for (const p of n.provisioners) {
        if (!p.command?.known) continue;
        for (const piece of p.command.pieces) {
          const text = piece.kind === 'text' ? piece.text : piece.value;
          if (text === undefined) continue;
          for (const id of findArmIds(text)) {
            if (!byId.has(id.topId.toLowerCase())) addExternal(id.armType, id.name, piece.kind === 'expr' && this.#secrets.has(text));
          }
        }
      }
    }

    const all = [...sorted, ...[...externals.values()].sort((a, b) => compare(a.address, b.address))];
    const nodes: GraphNode[] = [];
    // The builder's map of nodes becomes the graph's, with the externals added: the builder takes no more nodes.
    this.#built = true;
    const byAddress = this.#nodes as Map<string, NodeInit | GraphNode>;
    for (const e of externals.values()) byAddress.set(e.address, e);
    for (const n of all) {
      // The builder's own object becomes the node, frozen in place: no copy of every node is kept alive.
      if (!Object.isFrozen(n)) {
        deepFreeze(n.values);
        deepFreeze(n.unknown);
        deepFreeze(n.sensitive);
        n.refs = sealRefs(n.refs);
        n.unresolved = sealUnresolved(n.unresolved);
        Object.freeze(n);
      }
      const node = n as GraphNode;
      nodes.push(node);
    }
    // Every node was frozen in place: the maps of the builder's objects are maps of the graph's nodes.
    for (const [k, v] of externals) byName.set(k, v);
    const frozenById = byId as Map<string, GraphNode>;
    const frozenByName = byName as Map<string, GraphNode>;

    const byType = new Map<string, GraphNode[]>();
    for (const node of nodes) {
      const list = byType.get(node.type);
      if (list) list.push(node);
      else byType.set(node.type, [node]);
    }
    // Built on first use: no rule needs every edge reversed.
    let referrers: Map<string, { from: GraphNode; attribute: string; ref: Ref }[]> | undefined;
    const referrersIndex = (): Map<string, { from: GraphNode; attribute: string; ref: Ref }[]> => {
      if (referrers) return referrers;
      referrers = new Map();
      for (const node of nodes) {
        for (const [attribute, refs] of node.refs) {
          for (const ref of refs) {
            const l = referrers.get(ref.target) ?? [];
            l.push(Object.freeze({ from: node, attribute, ref }));
            referrers.set(ref.target, l);
          }
        }
      }
      return referrers;
    };
    const none: readonly never[] = Object.freeze([]);
    const secrets = sealedSet(this.#secrets);
    const notes = Object.freeze([...this.#notes].sort((a, b) => compare(a.file, b.file) || compare(a.message, b.message)));

    const graph: Graph = {
      nodes: Object.freeze(nodes),
      node: (a) => byAddress.get(a) as GraphNode | undefined,
      ofType: (t) => byType.get(t) ?? none,
      referrers: (a) => referrersIndex().get(a) ?? none,
      resolveArmId(id) {
        const hit = frozenById.get(id.toLowerCase());
        if (hit) return hit;
        const parsed = parseArmId(id);
        if (!parsed) return undefined;
        return frozenById.get(parsed.topId.toLowerCase()) ?? frozenByName.get(nameKey(parsed.armType, parsed.name));
      },
      resolveByName: (armType, name) => frozenByName.get(nameKey(armType, name)),
      secrets,
      notes,
    };
    return Object.freeze(graph);
  }
}

function hasKeys(o: unknown): boolean {
  if (o === null || typeof o !== 'object') return false;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return true;
  return false;
}

function nameKey(armType: string, name: string): string {
  return `${armType.toLowerCase()}|${name.toLowerCase()}`;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stringAt(values: unknown, key: string): string | undefined {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(values, key)) return undefined;
  const v = (values as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

/** A resource value nested deeper than any provider schema goes: the input is not a real plan. */
export class NestingError extends Error {
  constructor(readonly address: string) {
    super(`${address} has values nested more than ${MAX_WALK_DEPTH} levels deep`);
  }
}

/**
 * The pending parts of walkStrings, shared by every walk: values, their sensitivity masks, and depth × 2 +
 * marked. They grow to the largest walk and stay: `pendingTop` is the end of what is pending.
 */
const pendingValues: unknown[] = [];
const pendingMasks: unknown[] = [];
const pendingDepths: number[] = [];
let pendingTop = 0;

function pushPending(v: unknown, mask: unknown, marked: boolean, depth: number): void {
  pendingValues[pendingTop] = v;
  pendingMasks[pendingTop] = mask;
  pendingDepths[pendingTop] = depth * 2 + (marked ? 1 : 0);
  pendingTop++;
}

/**
 * Calls `fn` on every string in a value tree with whether it is marked sensitive; throws past the depth
 * limit. With `freeze`, freezes every object and array of the tree on the way: the graph's one walk over
 * values does both. The walk keeps its own stack, so it allocates nothing per value: a part's children
 * are pushed first to last and so taken last first, the order the names of external resources were
 * first seen in.
 */
export function walkStrings(value: unknown, sensitive: unknown, fn: (s: string, sensitive: boolean) => void, address = 'a resource', freeze = false): void {
  const base = pendingTop;
  try {
    pushPending(value, sensitive, sensitive === true, 0);
    while (pendingTop > base) {
      const at = --pendingTop;
      const v = pendingValues[at];
      const mask = pendingMasks[at];
      const dm = pendingDepths[at]!;
      // Nothing stays reachable from the stack once taken.
      pendingValues[at] = undefined;
      pendingMasks[at] = undefined;
      const marked = (dm & 1) === 1;
      if (typeof v === 'string') {
        fn(v, marked);
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      const depth = dm >> 1;
      if (depth >= MAX_WALK_DEPTH) throw new NestingError(address);
      if (freeze) Object.freeze(v);
      const masks = mask !== null && typeof mask === 'object' ? (mask as Record<string, unknown>) : undefined;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const m = masks !== undefined && Object.prototype.hasOwnProperty.call(masks, i) ? masks[i] : undefined;
          pushPending(v[i], m, marked || m === true, depth + 1);
        }
      } else {
        for (const k in v) {
          if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
          const m = masks !== undefined && Object.prototype.hasOwnProperty.call(masks, k) ? masks[k] : undefined;
          pushPending((v as Record<string, unknown>)[k], m, marked || m === true, depth + 1);
        }
      }
    }
  } finally {
    // A walk that throws leaves nothing behind.
    for (let at = base; at < pendingTop; at++) {
      pendingValues[at] = undefined;
      pendingMasks[at] = undefined;
    }
    pendingTop = base;
  }
}

function deepFreeze<T>(value: T): T {
  freezeTree(value, 0);
  return value;
}

function freezeTree(v: unknown, depth: number): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (depth >= MAX_WALK_DEPTH) return;
  if (Array.isArray(v)) for (const x of v) freezeTree(x, depth + 1);
  else for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) freezeTree((v as Record<string, unknown>)[k], depth + 1);
}
