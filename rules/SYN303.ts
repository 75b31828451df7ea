import type { Report, Rule } from '../src/engine/types.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN303: Rule = {
  meta: {
    id: 'SYN303',
    name: 'approval-wrong-target',
    level: 'error',
    summary: 'The approval is for an endpoint but names a different resource than its target',
    description:
      'An approval refers to the endpoint it is for (depends_on, its name), but its --resource-name, --id or parent_id names another resource. The connection is looked for where it does not exist, and the endpoint stays Pending.',
    messages: {
      wrong: '{approval} is for {endpoint}, which targets {target}, but it names {named}',
      open: '{approval}: its command text is not known (not in the plan; lint with the .tf beside it), so which resource it names could not be checked against {endpoint}',
    },
    fix: 'Name the endpoint\'s target in the approval: --resource-name/--id or parent_id of the same resource as target_resource_id.',
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  *check({ synapse }): Generator<Report> {
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      const node = approval.node;
      // Only an approval that refers to its endpoints can name the wrong target; one that does not is matched by target.
      if (approval.mpes.length === 0) continue;
      if (!approval.readable) {
        const first = endpoints[0]!.e;
        yield { messageId: 'open', data: { approval: node.address, endpoint: first.node.address }, node, related: [first.node], kind: 'open' };
        continue;
      }
      if (approval.targets.nodes.length === 0) continue;
      for (const { e, open } of endpoints) {
        if (e.target.nodes.length === 0 || e.target.nodes.some((t) => approval.targets.nodes.includes(t))) continue;
        const data = {
          approval: node.address,
          endpoint: e.node.address,
          target: e.target.nodes.map((t) => t.address).join(', '),
          named: approval.targets.nodes.map((t) => t.address).join(', '),
        };
        yield { messageId: 'wrong', data, node, related: [e.node, ...e.target.nodes, ...approval.targets.nodes], ...(open ? { kind: 'open' as const } : {}) };
      }
    }
  },
};
