/** What the approval rules share: the approvals that matter (those of endpoints of DEP workspaces) and how to word them. */
import type { GraphNode } from '../../src/graph/types.js';
import { approvalModel, type Approval } from '../../src/model/approvals.js';
import type { Endpoint, SynapseModel } from '../../src/model/synapse.js';
import { endpointDep } from './endpoints.js';

export interface Covered {
  readonly approval: Approval;
  /** Endpoints of workspaces with DEP on (or unknown) that it covers. */
  readonly endpoints: readonly { readonly e: Endpoint; readonly open: boolean }[];
}

/** Each approval with the DEP endpoints it covers; approvals that cover none are left out. */
export function coveredEndpoints(synapse: SynapseModel): Covered[] {
  const model = approvalModel(synapse);
  const byApproval = new Map<Approval, { e: Endpoint; open: boolean }[]>();
  for (const e of synapse.endpoints) {
    const dep = endpointDep(synapse, e);
    if (dep === false) continue;
    for (const a of model.covering(e)) {
      const l = byApproval.get(a) ?? [];
      l.push({ e, open: dep === 'unknown' });
      byApproval.set(a, l);
    }
  }
  return model.approvals.filter((a) => byApproval.has(a)).map((approval) => ({ approval, endpoints: byApproval.get(approval)! }));
}

export function targetOf(e: Endpoint): GraphNode | undefined {
  return e.target.nodes.length === 1 ? e.target.nodes[0] : undefined;
}
