import type { Report, Rule } from '../src/engine/types.js';

export const SYN205: Rule = {
  meta: {
    id: 'SYN205',
    name: 'endpoint-without-managed-vnet',
    level: 'error',
    summary: 'Managed private endpoint on a workspace without a managed virtual network',
    description:
      'Managed private endpoints live in the workspace\'s managed virtual network. On a workspace without one, the provider sends the request to an empty network name and the create fails.',
    messages: {
      noVnet: '{endpoint} belongs to {workspace}, which does not have managed_virtual_network_enabled = true; managed private endpoints need the managed virtual network',
      unknown: '{endpoint}: whether {workspace} has a managed virtual network is not known until apply',
      noWorkspace: '{endpoint}: its workspace could not be resolved from synapse_workspace_id, so whether it has a managed virtual network could not be checked',
    },
    fix: 'Create the workspace with managed_virtual_network_enabled = true (only possible at creation), or remove the endpoint.',
    snippet: `resource "azurerm_synapse_workspace" "this" {
  # ...
  managed_virtual_network_enabled = true
}`,
    tags: ['azure', 'synapse', 'private-link', 'correctness'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  *check({ synapse }): Generator<Report> {
    for (const e of synapse.endpoints) {
      const endpoint = e.node.address;
      const workspaces = e.workspaces.nodes.filter((n) => n.declared);
      if (workspaces.length === 0) {
        if (e.workspaces.unknown && e.workspaces.nodes.length === 0) {
          yield { messageId: 'noWorkspace', data: { endpoint }, node: e.node, attribute: 'synapse_workspace_id', kind: 'open' };
        }
        continue;
      }
      for (const ws of workspaces) {
        const vnet = synapse.managedVnet(ws);
        const data = { endpoint, workspace: ws.address };
        if (vnet === 'unknown') yield { messageId: 'unknown', data, node: e.node, related: [ws], kind: 'open' };
        else if (!vnet) yield { messageId: 'noVnet', data, node: e.node, related: [ws] };
      }
    }
  },
};
