/**
 * The Synapse view of a graph: workspaces, their managed private endpoints, and the data
 * stores they use (SPEC §4, U1–U6). Computed once per graph and shared by the rules.
 */
import type { Catalog, StoreType } from '../catalog.js';
import { parseArmId } from '../graph/arm.js';
import { stripKeys } from '../graph/traversal.js';
import { oncePer } from './memo.js';
import type { Graph, GraphNode, Ref } from '../graph/types.js';
import { knownString, read, readBool } from '../graph/values.js';

export const WORKSPACE = 'azurerm_synapse_workspace';
export const MPE = 'azurerm_synapse_managed_private_endpoint';

/** What an attribute points at: resources, and whether something it may point at is unknown. */
export interface Pointer {
  readonly nodes: readonly GraphNode[];
  readonly unknown: boolean;
}

/** U1–U6 of SPEC §4, and `config`: a store the configuration file names. */
export type UseKind = 'U1' | 'U2' | 'U3' | 'U4' | 'U5' | 'U6' | 'config';

/** A workspace uses a store: through which resource and attribute, and which group that use needs. */
export interface StoreUse {
  readonly kind: UseKind;
  /** The store, or undefined when the use is certain but its store could not be resolved. */
  readonly store: GraphNode | undefined;
  /** The resource whose configuration makes the use (the workspace, a linked service, a role assignment...). */
  readonly user: GraphNode;
  readonly attribute: string;
  /** Required group in canonical casing, or undefined for "any one of the store's groups". */
  readonly group?: string;
  /** A missing required group is an error, except the `blob` of U1, which is a warning. */
  readonly severity: 'error' | 'warning';
  /** What could not be resolved, for the note (U1 with an undeclared filesystem, say). */
  readonly unresolved?: string;
}

export interface Endpoint {
  readonly node: GraphNode;
  readonly workspaces: Pointer;
  readonly target: Pointer;
}

/** What the configuration file says about stores (SPEC §6). */
export interface StorePolicy {
  readonly stores?: readonly { readonly store: string; readonly subresources: readonly string[]; readonly workspaces?: readonly string[] }[];
  readonly outsideTerraform?: readonly { readonly store: string; readonly endpoints?: boolean; readonly approvals?: boolean }[];
  /** Whether a workspace address matches a glob of the configuration. */
  readonly matches?: (address: string, glob: string) => boolean;
}

export interface SynapseModel {
  readonly graph: Graph;
  readonly catalog: Catalog;
  /** Declared workspaces. */
  readonly workspaces: readonly GraphNode[];
  /** Declared managed private endpoints, each with its workspace and target. */
  readonly endpoints: readonly Endpoint[];
  /** DEP: true, false or 'unknown'. Not set means false. */
  dep(ws: GraphNode): boolean | 'unknown';
  managedVnet(ws: GraphNode): boolean | 'unknown';
  /** The endpoints whose workspace is `ws`. */
  endpointsOf(ws: GraphNode): readonly Endpoint[];
  /** Endpoints of `ws` whose target is not known: any of them may be the one a check looks for. */
  unknownTargetEndpointsOf(ws: GraphNode): readonly Endpoint[];
  /** Endpoints to `target` whose workspace is not known until apply (nor named by a literal ID): any of them may be a workspace's. */
  unknownWorkspaceEndpointsTo(target: GraphNode): readonly Endpoint[];
  /**
   * Whether `node`, a declared resource whose name is not known until apply (`name = each.value`), may be
   * `store`, a resource outside the input named by a literal ID or URL: they are of the same ARM type.
   */
  mayBe(node: GraphNode, store: GraphNode): boolean;
  /** The stores `ws` uses (U1–U5; U6 follows from endpointsOf). */
  usesOf(ws: GraphNode): readonly StoreUse[];
  /** Which resources an attribute of `node` points at. */
  pointsTo(node: GraphNode, attribute: string): Pointer;
  /** Resources of a given type whose attribute points at `target`. */
  pointingAt(target: GraphNode, type: string, attribute: string): readonly GraphNode[];
  storeType(node: GraphNode): StoreType | undefined;
  /** The data store a resource is, or belongs to (a container's account, a secret's vault). */
  storeOf(node: GraphNode): GraphNode | undefined;
  /** Whether the configuration file says a store's endpoints or approvals are managed outside Terraform. */
  outside(store: GraphNode): { readonly endpoints: boolean; readonly approvals: boolean };
}

const cache = new WeakMap<Graph, SynapseModel>();

export function synapseModel(graph: Graph, catalog: Catalog, policy: StorePolicy = {}): SynapseModel {
  let m = cache.get(graph);
  if (!m) {
    m = build(graph, catalog, policy);
    cache.set(graph, m);
  }
  return m;
}

/** Attributes through which a child resource names its parent store. */
const PARENT_ATTRIBUTES = [
  'storage_account_id',
  'storage_account_name',
  'key_vault_id',
  'server_id',
  'namespace_id',
  'namespace_name',
  'account_id',
  'account_name',
  'cosmosdb_account_id',
  'cluster_id',
  'search_service_id',
  'container_registry_id',
  'storage_container_id',
];

/** Parent types of children that name their parent by name only. */
const PARENT_BY_NAME: Readonly<Record<string, string>> = {
  storage_account_name: 'Microsoft.Storage/storageAccounts',
  namespace_name: 'Microsoft.EventHub/namespaces',
  account_name: 'Microsoft.DocumentDB/databaseAccounts',
};

const NO_REFS: readonly Ref[] = Object.freeze([]);

const ID_ATTRIBUTES = new Set(['', 'id', 'resource_manager_id', 'resource_id']);

/**
 * The store a configuration entry names: a resource address (all its instances), or an ARM ID
 * resolved in the graph, else a node of its own that is not in the graph (findings on it go on the workspace).
 */
function configStores(graph: Graph, text: string): GraphNode[] {
  const id = parseArmId(text);
  if (id) {
    const hit = graph.resolveArmId(text);
    if (hit) return [hit];
    return [
      {
        address: `${id.armType}/${id.name}`,
        configAddress: `${id.armType}/${id.name}`,
        kind: 'external',
        type: id.armType,
        name: id.name,
        modulePath: '',
        declared: false,
        armType: id.armType,
        values: {},
        unknown: {},
        sensitive: {},
        refs: new Map(),
        unresolved: new Set(),
      },
    ];
  }
  const exact = graph.node(text);
  if (exact) return [exact];
  return graph.nodes.filter((n) => n.address.startsWith(`${text}[`));
}

function build(graph: Graph, catalog: Catalog, policy: StorePolicy): SynapseModel {
  const storeType = (node: GraphNode): StoreType | undefined => (node.armType ? catalog.byArmType(node.armType) : undefined);

  const fromString = (value: string): GraphNode[] => {
    const direct = graph.resolveArmId(value);
    if (direct) return [direct];
    const id = parseArmId(value);
    if (id) return [];
    const out: GraphNode[] = [];
    for (const h of catalog.findHosts(value)) {
      for (const t of h.types) {
        const n = graph.resolveByName(t.store.armType, h.name);
        if (n && !out.includes(n)) {
          out.push(n);
          break;
        }
      }
    }
    return out;
  };

  // Rules ask the same questions of the same nodes: each answer is worked out once, and frozen so no caller can change it.
  const pointerMemo = new Map<string, Map<GraphNode, Pointer>>();
  const pointsTo = (node: GraphNode, attribute: string): Pointer => {
    let byNode = pointerMemo.get(attribute);
    if (!byNode) {
      byNode = new Map();
      pointerMemo.set(attribute, byNode);
    }
    let hit = byNode.get(node);
    if (!hit) {
      const p = pointsToAt(node, attribute, 0);
      Object.freeze(p.nodes);
      hit = Object.freeze(p);
      byNode.set(node, hit);
    }
    return hit;
  };

  // The refs key of an attribute path (`identity.0.principal_id` -> `identity.principal_id`), once per path.
  const refKeys = new Map<string, string>();
  const refKey = (attribute: string): string => {
    let key = refKeys.get(attribute);
    if (key === undefined) refKeys.set(attribute, (key = stripKeys(attribute.replace(/\.(\d+)(?=\.|$)/g, '[$1]'))));
    return key;
  };

  const pointsToAt = (node: GraphNode, attribute: string, depth: number): { nodes: GraphNode[]; unknown: boolean } => {
    const key = refKey(attribute);
    const refs = node.refs.get(key) ?? NO_REFS;
    const nodes: GraphNode[] = [];
    const add = (n: GraphNode): void => {
      if (!nodes.includes(n)) nodes.push(n);
    };
    const v = read(node, attribute);
    // A known value is authoritative: a reference the loader could not follow (a local in a plan) does not make it unknown.
    let unknown = v.state === 'known' ? false : node.unresolved.has(key) || (refs.length === 0 && v.state === 'unknown');
    for (const ref of refs) {
      const t = graph.node(ref.target);
      if (!t) continue;
      const attr = stripKeys(ref.attribute);
      if (ID_ATTRIBUTES.has(attr) || depth > 8) {
        add(t);
        continue;
      }
      if (t.declared && t.refs.has(attr)) {
        const p = pointsToAt(t, attr, depth + 1);
        p.nodes.forEach(add);
        unknown ||= p.unknown;
        continue;
      }
      const tv = t.declared ? knownString(t, ref.attribute) : undefined;
      const hits = tv !== undefined ? fromString(tv) : [];
      if (hits.length > 0) hits.forEach(add);
      else if (!isAzure(t)) {
        // An attribute of a resource of another provider (`data.external.x.result.id`) is some text, not that
        // resource: when the text is not known, neither is what it names.
        if (tv === undefined) unknown = true;
      } else add(t);
    }
    if (v.state === 'known' && typeof v.value === 'string') fromString(v.value).forEach(add);
    return { nodes, unknown };
  };

  const storeOf = (node: GraphNode, depth = 0): GraphNode | undefined => {
    const st = storeType(node);
    if (st) return st.dataStore ? node : undefined;
    if (!node.declared || depth > 3) return undefined;
    for (const attr of PARENT_ATTRIBUTES) {
      const p = pointsTo(node, attr);
      for (const n of p.nodes) {
        const s = storeOf(n, depth + 1);
        if (s) return s;
      }
      // A child that names its parent by name only: storage_account_name = "acct".
      const parentType = PARENT_BY_NAME[attr];
      if (parentType && p.nodes.length === 0) {
        const name = knownString(node, attr);
        const n = name !== undefined ? graph.resolveByName(parentType, name) : undefined;
        if (n) return n;
      }
    }
    return undefined;
  };

  /** A store named by a value: a resource pointed at, or the parent of one, or the top-level resource of an ARM ID. */
  const storesFrom = (p: Pointer): GraphNode[] => {
    const out: GraphNode[] = [];
    for (const n of p.nodes) {
      const s = storeOf(n);
      if (s && !out.includes(s)) out.push(s);
    }
    return out;
  };

  const workspaces = graph.ofType(WORKSPACE).filter((n) => n.declared && n.kind === 'managed');
  const endpoints: Endpoint[] = graph
    .ofType(MPE)
    .filter((n) => n.declared)
    .map((node) => ({
      node,
      workspaces: filterType(pointsTo(node, 'synapse_workspace_id'), WORKSPACE),
      target: pointsTo(node, 'target_resource_id'),
    }));

  const byWorkspace = new Map<string, Endpoint[]>();
  const unknownWs: Endpoint[] = [];
  for (const e of endpoints) {
    for (const w of e.workspaces.nodes) {
      const l = byWorkspace.get(w.address) ?? [];
      l.push(e);
      byWorkspace.set(w.address, l);
    }
    if (e.workspaces.nodes.length === 0) unknownWs.push(e);
  }

  // Endpoints whose workspace is not known may belong to any workspace: filtered once, not once per workspace.
  const targetUnknown = (e: Endpoint): boolean => e.target.unknown || e.target.nodes.length === 0;
  const unknownWsAndTarget = unknownWs.filter(targetUnknown);
  const unknownWsByTarget = new Map<GraphNode, Endpoint[]>();
  for (const e of unknownWs) {
    // A literal ID that names no declared workspace names another one.
    if (!e.workspaces.unknown || knownString(e.node, 'synapse_workspace_id') !== undefined) continue;
    for (const t of e.target.nodes) {
      const l = unknownWsByTarget.get(t) ?? [];
      l.push(e);
      unknownWsByTarget.set(t, l);
    }
  }

  /** Resources of `type` by the addresses `targetsOf` gives for each: built once per key, so look-ups stay linear. */
  const indexes = new Map<string, Map<string, GraphNode[]>>();
  const indexed = (key: string, type: string, targetsOf: (n: GraphNode) => Iterable<string>): Map<string, GraphNode[]> => {
    let index = indexes.get(key);
    if (!index) {
      index = new Map();
      for (const n of graph.ofType(type)) {
        if (!n.declared) continue;
        for (const t of new Set(targetsOf(n))) {
          const l = index.get(t) ?? [];
          l.push(n);
          index.set(t, l);
        }
      }
      indexes.set(key, index);
    }
    return index;
  };

  /** Resources of `type` whose `attribute` points at `target`. */
  const referringTo = (target: GraphNode, type: string, attribute: string): GraphNode[] =>
    indexed(`points\u0000${type}\u0000${attribute}`, type, (n) => pointsTo(n, attribute).nodes.map((t) => t.address)).get(target.address) ?? [];

  /** Resources of `type` whose `attribute` refers to the identity of workspace `ws`, directly or through module outputs. */
  const identityUsers = (ws: GraphNode, type: string, attribute: string): GraphNode[] =>
    indexed(`identity\u0000${type}\u0000${attribute}`, type, (n) =>
      (n.refs.get(attribute) ?? []).filter((r) => r.attribute.startsWith('identity') || r.attribute === '').map((r) => r.target),
    ).get(ws.address) ?? [];

  const storeCache = new Map<string, GraphNode[]>();
  const configStoresCached = (text: string): GraphNode[] => {
    let hit = storeCache.get(text);
    if (!hit) {
      hit = configStores(graph, text);
      storeCache.set(text, hit);
    }
    return hit;
  };
  const outsideEntries = (policy.outsideTerraform ?? []).map((o) => ({ nodes: configStoresCached(o.store), endpoints: o.endpoints !== false, approvals: o.approvals !== false }));
  const outside = (store: GraphNode): { endpoints: boolean; approvals: boolean } => {
    let endpoints = false;
    let approvals = false;
    for (const o of outsideEntries) {
      if (!o.nodes.some((n) => n === store || (n.kind === 'external' && n.address === store.address))) continue;
      endpoints ||= o.endpoints;
      approvals ||= o.approvals;
    }
    return { endpoints, approvals };
  };

  const usesCache = new Map<string, StoreUse[]>();
  const usesOf = (ws: GraphNode): StoreUse[] => {
    const hit = usesCache.get(ws.address);
    if (hit) return hit;
    const uses: StoreUse[] = [];

    // U1: the default Data Lake filesystem.
    const fsAttr = 'storage_data_lake_gen2_filesystem_id';
    const fs = pointsTo(ws, fsAttr);
    const u1Stores = storesFrom(fs);
    if (u1Stores.length > 0) {
      for (const store of u1Stores) {
        uses.push({ kind: 'U1', store, user: ws, attribute: fsAttr, group: 'dfs', severity: 'error' });
        uses.push({ kind: 'U1', store, user: ws, attribute: fsAttr, group: 'blob', severity: 'warning' });
      }
    } else if (fs.unknown || fs.nodes.length > 0) {
      const what = fs.nodes.length > 0 ? fs.nodes.map((n) => n.address).join(', ') : 'its value';
      uses.push({ kind: 'U1', store: undefined, user: ws, attribute: fsAttr, group: 'dfs', severity: 'error', unresolved: `the storage account behind ${fsAttr} (${what})` });
    }

    // U2: linked services of the workspace.
    for (const ls of referringTo(ws, 'azurerm_synapse_linked_service', 'synapse_workspace_id')) {
      const lsType = knownString(ls, 'type');
      const p = pointsTo(ls, 'type_properties_json');
      for (const store of storesFrom(p)) {
        const st = storeType(store);
        const group = lsType !== undefined && st ? st.linkedServiceTypes[lsType] : undefined;
        uses.push({ kind: 'U2', store, user: ls, attribute: 'type_properties_json', ...(group ? { group } : {}), severity: 'error' });
      }
    }

    // U3: role assignments to the workspace identity, scoped to a store or a child of it.
    for (const ra of identityUsers(ws, 'azurerm_role_assignment', 'principal_id')) {
      for (const store of storesFrom(pointsTo(ra, 'scope'))) uses.push({ kind: 'U3', store, user: ra, attribute: 'scope', severity: 'error' });
    }

    // U4: Key Vault access policies for the workspace identity.
    for (const ap of identityUsers(ws, 'azurerm_key_vault_access_policy', 'object_id')) {
      for (const store of storesFrom(pointsTo(ap, 'key_vault_id'))) uses.push({ kind: 'U4', store, user: ap, attribute: 'key_vault_id', severity: 'error' });
    }
    for (const kv of identityUsers(ws, 'azurerm_key_vault', 'access_policy.object_id')) {
      uses.push({ kind: 'U4', store: kv, user: kv, attribute: 'access_policy', severity: 'error' });
    }

    // U5: Spark pools whose configuration names a store.
    for (const pool of referringTo(ws, 'azurerm_synapse_spark_pool', 'synapse_workspace_id')) {
      for (const store of storesFrom(pointsTo(pool, 'spark_config.content'))) {
        uses.push({ kind: 'U5', store, user: pool, attribute: 'spark_config.content', severity: 'error' });
      }
    }

    // Stores the configuration file names: used by every DEP workspace, or by those its globs match.
    for (const extra of policy.stores ?? []) {
      const globs = extra.workspaces;
      if (globs && globs.length > 0 && !globs.some((g) => (policy.matches ?? ((a, b) => a === b))(ws.address, g))) continue;
      for (const store of configStoresCached(extra.store)) {
        const st = storeType(store);
        for (const sub of extra.subresources) {
          const group = (st && catalog.canonicalGroup(st, sub)) ?? sub;
          uses.push({ kind: 'config', store, user: ws, attribute: 'storage_data_lake_gen2_filesystem_id', group, severity: 'error' });
        }
      }
    }

    const sorted = uses.filter((u) => !u.store || storeType(u.store)?.dataStore !== false);
    usesCache.set(ws.address, sorted);
    return sorted;
  };

  return {
    graph,
    catalog,
    workspaces,
    endpoints,
    dep: oncePer((ws: GraphNode) => readBool(ws, 'data_exfiltration_protection_enabled', false)),
    managedVnet: (ws) => readBool(ws, 'managed_virtual_network_enabled', false),
    endpointsOf: (ws) => byWorkspace.get(ws.address) ?? [],
    unknownTargetEndpointsOf: (ws) => [...(byWorkspace.get(ws.address) ?? []).filter(targetUnknown), ...unknownWsAndTarget],
    unknownWorkspaceEndpointsTo: (target) => unknownWsByTarget.get(target) ?? [],
    mayBe: (node, store) =>
      store.kind === 'external' &&
      node.declared &&
      node.armType !== undefined &&
      store.armType !== undefined &&
      node.armType.toLowerCase() === store.armType.toLowerCase() &&
      knownString(node, 'name') === undefined,
    usesOf,
    pointsTo,
    pointingAt: referringTo,
    storeType,
    storeOf: (n) => storeOf(n),
    outside,
  };
}

/** A resource of the Azure providers, or an Azure resource outside the input. */
function isAzure(n: GraphNode): boolean {
  return n.kind === 'external' || n.type.startsWith('azurerm_') || n.type.startsWith('azapi_');
}

function filterType(p: Pointer, type: string): Pointer {
  const nodes = p.nodes.filter((n) => n.type === type);
  return { nodes, unknown: p.unknown || (nodes.length === 0 && p.nodes.length > 0) };
}
