/** What the approval rules share: the approvals that matter (those of endpoints of DEP workspaces) and how to word them. */
import type { GraphNode } from '../../src/graph/types.js';
import { approvalModel, type Approval } from '../../src/model/approvals.js';
import { oncePer } from '../../src/model/memo.js';
import type { Endpoint, SynapseModel } from '../../src/model/synapse.js';
import { depEndpoints, type DepEndpoint } from './endpoints.js';

export interface Covered {
  readonly approval: Approval;
  /** Endpoints of workspaces with DEP on (or unknown) that it covers. */
  readonly endpoints: readonly DepEndpoint[];
}

/** Each approval with the DEP endpoints it covers; approvals that cover none are left out. Worked out once per model. */
export const coveredEndpoints = oncePer((synapse: SynapseModel): readonly Covered[] => {
  const model = approvalModel(synapse);
  const byApproval = new Map<Approval, DepEndpoint[]>();
  for (const d of depEndpoints(synapse)) {
    for (const a of model.covering(d.e)) {
      const l = byApproval.get(a);
      if (l) l.push(d);
      else byApproval.set(a, [d]);
    }
  }
  return Object.freeze(model.approvals.filter((a) => byApproval.has(a)).map((approval) => Object.freeze({ approval, endpoints: Object.freeze(byApproval.get(approval)!) })));
});

export function targetOf(e: Endpoint): GraphNode | undefined {
  return e.target.nodes.length === 1 ? e.target.nodes[0] : undefined;
}
