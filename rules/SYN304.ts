import type { Report, Rule } from '../src/engine/types.js';
import { approvalModel } from '../src/model/approvals.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN304: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN304',
    name: 'approval-not-ordered',
    level: 'error',
    summary: 'The approval can run before the endpoint exists',
    description:
      'Terraform orders resources only by references and depends_on. An approval that refers to the target but not to the endpoint (nor to anything that depends on it) may run first, find no connection, and leave the endpoint Pending.',
    messages: {
      unordered: '{approval} neither refers to nor depends on {endpoint} (nor on anything that does), so Terraform may run it before the endpoint exists',
    },
    fix: 'Add depends_on = [azurerm_synapse_managed_private_endpoint.<name>] to the approval (or to the data source it reads the connection from).',
    snippet: `resource "azapi_update_resource" "approve_lake_dfs" {
  # ...
  depends_on = [azurerm_synapse_managed_private_endpoint.lake_dfs]
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

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}

resource "terraform_data" "approve_keyvault" {
  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_key_vault.this.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.mpe-kv-vault')].id" -o tsv)
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

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}

resource "terraform_data" "approve_keyvault" {
  depends_on = [azurerm_synapse_managed_private_endpoint.keyvault]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_key_vault.this.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.mpe-kv-vault')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 4.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const model = approvalModel(synapse);
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      for (const { e, open } of endpoints) {
        if (model.reaches(approval.node, e.node)) continue;
        const data = { approval: approval.node.address, endpoint: e.node.address };
        yield { messageId: 'unordered', data, node: approval.node, related: [e.node], attribute: 'depends_on', ...(open ? { kind: 'open' as const } : {}) };
      }
    }
  },
};
