import type { Report, Rule } from '../src/engine/types.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN303: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
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
    snippet: `resource "azapi_update_resource" "approve_kv" {
  type       = "Microsoft.KeyVault/vaults/privateEndpointConnections@2023-07-01"
  parent_id  = azurerm_key_vault.kv.id # the same resource as the endpoint's target_resource_id
  depends_on = [azurerm_synapse_managed_private_endpoint.kv]
  # ...
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_synapse_managed_private_endpoint" "raw_dfs" {
  name                 = "mpe-raw-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.raw.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_raw_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.raw_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.lake.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.raw_dfs.name}')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
  }
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

resource "azurerm_synapse_managed_private_endpoint" "raw_dfs" {
  name                 = "mpe-raw-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.raw.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_raw_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.raw_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.raw.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.raw_dfs.name}')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  // Stryker restore all
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
