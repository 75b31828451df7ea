/** Small helpers the endpoint rules share. */
import type { GraphNode } from '../../src/graph/types.js';
import type { StoreType } from '../../src/catalog.js';
import { oncePer } from '../../src/model/memo.js';
import type { Endpoint, StoreUse, SynapseModel } from '../../src/model/synapse.js';

const USE_WORDS: Readonly<Record<StoreUse['kind'], string>> = {
  U1: 'default Data Lake storage',
  U2: 'linked service',
  U3: 'role assignment',
  U4: 'Key Vault access policy',
  U5: 'Spark configuration',
  U6: 'managed private endpoint',
  config: 'the configuration file',
};

/** "default Data Lake storage; role assignment azurerm_role_assignment.x". */
export function describeUse(uses: readonly StoreUse[]): string {
  const parts = new Set<string>();
  for (const u of uses) parts.add(u.kind === 'U1' || u.kind === 'config' ? USE_WORDS[u.kind] : `${USE_WORDS[u.kind]} ${u.user.address}`);
  return [...parts].sort().join('; ');
}

/** A finding on a store that is not a resource of the input goes on the resource that uses it. */
export function findingNode(store: GraphNode, user: GraphNode): GraphNode {
  return store.kind === 'external' ? user : store;
}

/** DEP is not known: a finding that depends on it is a note. */
export function depOpen(dep: boolean | 'unknown'): boolean {
  return dep === 'unknown';
}


/** DEP of the workspace an endpoint belongs to; unknown when that workspace cannot be resolved. */
export function endpointDep(synapse: SynapseModel, e: Endpoint): boolean | 'unknown' {
  const ws = e.workspaces.nodes.filter((n) => n.declared);
  if (ws.length === 0) return 'unknown';
  const deps = ws.map((w) => synapse.dep(w));
  if (deps.includes(true)) return true;
  return deps.includes('unknown') ? 'unknown' : false;
}

/** The catalog types of an endpoint's targets. */
export function targetTypes(synapse: SynapseModel, e: Endpoint): { node: GraphNode; type: StoreType | undefined }[] {
  return e.target.nodes.map((node) => ({ node, type: synapse.storeType(node) }));
}

export interface DepEndpoint {
  readonly e: Endpoint;
  /** DEP is not known. */
  readonly open: boolean;
}

/** Endpoints of DEP workspaces (and of workspaces whose DEP is unknown, flagged so); worked out once per model. */
export const depEndpoints = oncePer((synapse: SynapseModel): readonly DepEndpoint[] => {
  const out: DepEndpoint[] = [];
  for (const e of synapse.endpoints) {
    const dep = endpointDep(synapse, e);
    if (dep !== false) out.push(Object.freeze({ e, open: dep === 'unknown' }));
  }
  return Object.freeze(out);
});
