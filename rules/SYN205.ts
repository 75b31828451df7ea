import type { Report, Rule } from '../src/engine/types.js';
import { parseArmId } from '../src/graph/arm.js';
import { knownString } from '../src/graph/values.js';

export const SYN205: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
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
      outsideWorkspace: '{endpoint}: its workspace {workspace} (a literal synapse_workspace_id) is not in the input, so whether it has a managed virtual network could not be checked',
    },
    fix: 'Create the workspace with managed_virtual_network_enabled = true (only possible at creation), or remove the endpoint.',
    snippet: `resource "azurerm_synapse_workspace" "this" {
  # ...
  managed_virtual_network_enabled = true
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = false
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}`,
      pass: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'correctness'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const e of synapse.endpoints) {
      const endpoint = e.node.address;
      const workspaces = e.workspaces.nodes.filter((n) => n.declared);
      if (workspaces.length === 0) {
        if (e.workspaces.unknown && e.workspaces.nodes.length === 0) {
          const id = parseArmId(knownString(e.node, 'synapse_workspace_id') ?? '');
          if (id) yield { messageId: 'outsideWorkspace', data: { endpoint, workspace: `${id.armType}/${id.name}` }, node: e.node, attribute: 'synapse_workspace_id', kind: 'open' };
          else yield { messageId: 'noWorkspace', data: { endpoint }, node: e.node, attribute: 'synapse_workspace_id', kind: 'open' };
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
