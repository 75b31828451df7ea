/** The AMPLS that serve a workspace with data exfiltration protection: it has an endpoint to them, or its Spark logs go to a LAW scoped into them. */
import type { GraphNode } from '../../src/graph/types.js';
import { AMPLS, logModel } from '../../src/model/logs.js';
import { oncePer } from '../../src/model/memo.js';
import type { SynapseModel } from '../../src/model/synapse.js';

/** The declared AMPLS served by workspaces whose DEP is `dep`, each with those workspaces. */
function scopesServedBy(synapse: SynapseModel, dep: true | 'unknown'): Map<GraphNode, GraphNode[]> {
  const logs = logModel(synapse);
  const out = new Map<GraphNode, GraphNode[]>();
  const add = (ampls: GraphNode, ws: GraphNode): void => {
    if (!ampls.declared) return;
    const l = out.get(ampls) ?? [];
    if (!l.includes(ws)) l.push(ws);
    out.set(ampls, l);
  };
  for (const ws of synapse.workspaces) {
    if (synapse.dep(ws) !== dep) continue;
    for (const e of synapse.endpointsOf(ws)) for (const t of e.target.nodes) if (t.type === AMPLS) add(t, ws);
    for (const l of logs.loggingOf(ws)) for (const law of l.laws.nodes) for (const a of logs.scopesOf(law)) add(a, ws);
  }
  return out;
}

export interface ServedScope {
  readonly ampls: GraphNode;
  readonly workspaces: readonly GraphNode[];
  /** It serves no DEP workspace, only ones whose DEP is not known until apply: what a rule finds on it is a note (SPEC §4). */
  readonly open: boolean;
}

/** Both kinds of served scope, worked out once per model: those of DEP workspaces, then the open ones. */
const scopes = oncePer((synapse: SynapseModel): { served: Map<GraphNode, GraphNode[]>; maybe: Map<GraphNode, GraphNode[]> } => {
  const served = scopesServedBy(synapse, true);
  const maybe = scopesServedBy(synapse, 'unknown');
  for (const a of served.keys()) maybe.delete(a);
  return { served, maybe };
});

export function servedScopes(synapse: SynapseModel): Map<GraphNode, GraphNode[]> {
  return new Map(scopes(synapse).served);
}

/**
 * The declared AMPLS that serve no DEP workspace but serve one whose DEP is not known until apply,
 * each with those workspaces: what a rule finds on them is a note (SPEC §4).
 */
export function maybeServedScopes(synapse: SynapseModel): Map<GraphNode, GraphNode[]> {
  return new Map(scopes(synapse).maybe);
}

/** Every scope the AMPLS rules check: those serving DEP workspaces, then those serving only workspaces whose DEP is unknown. */
export function scopesToCheck(synapse: SynapseModel): ServedScope[] {
  const { served, maybe } = scopes(synapse);
  return [...[...served].map(([ampls, workspaces]) => ({ ampls, workspaces, open: false })), ...[...maybe].map(([ampls, workspaces]) => ({ ampls, workspaces, open: true }))];
}
