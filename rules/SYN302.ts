import type { Report, Rule } from '../src/engine/types.js';
import { typeMatches } from '../src/model/approvals.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN302: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN302',
    name: 'approval-type-mismatch',
    level: 'error',
    summary: 'The approval names a resource type other than the endpoint target\'s',
    description:
      'az network private-endpoint-connection finds the connection by --type, and azapi by the type before /privateEndpointConnections. A type copied from another approval (Microsoft.Storage/storageAccounts for a Key Vault) finds nothing, so the command fails or approves nothing.',
    messages: {
      mismatch: '{approval} names type {declared}, but {endpoint} targets {target} of type {armType}',
      open: '{approval}: its command text is not known (not in the plan; lint with the .tf beside it), so its --type could not be checked against {endpoint}',
      openType: '{approval}: its type is not known until apply, so it could not be checked against {endpoint}',
    },
    fix: 'Use the ARM type of the endpoint\'s target in --type (az) or in the azapi type, e.g. Microsoft.KeyVault/vaults/privateEndpointConnections@2023-07-01.',
    snippet: `az network private-endpoint-connection approve --type Microsoft.KeyVault/vaults ...`,
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
  triggers_replace = [azurerm_synapse_managed_private_endpoint.keyvault.id]

  provisioner "local-exec" {
    command = <<-EOT
      name=$(az network private-endpoint-connection list \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_key_vault.this.name} \\
        --type Microsoft.Storage/storageAccounts \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.keyvault.name}')].name" -o tsv)
      az network private-endpoint-connection approve \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_key_vault.this.name} \\
        --type Microsoft.Storage/storageAccounts \\
        --name "$name" \\
        --description "Approved for Synapse"
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
  triggers_replace = [azurerm_synapse_managed_private_endpoint.keyvault.id]

  provisioner "local-exec" {
    command = <<-EOT
      name=$(az network private-endpoint-connection list \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_key_vault.this.name} \\
        --type Microsoft.KeyVault/vaults \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.keyvault.name}')].name" -o tsv)
      az network private-endpoint-connection approve \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_key_vault.this.name} \\
        --type Microsoft.KeyVault/vaults \\
        --name "$name" \\
        --description "Approved for Synapse"
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
      if (!approval.readable) {
        const first = endpoints[0]!.e;
        yield { messageId: approval.kind === 'azapi' ? 'openType' : 'open', data: { approval: node.address, endpoint: first.node.address }, node, related: [first.node], kind: 'open' };
        continue;
      }
      const seen = new Set<string>();
      // A target of a type already compared gives nothing new: an approval by target covers many endpoints to one store.
      const compared = new Set<string>();
      for (const { e, open } of endpoints) {
        for (const target of e.target.nodes) {
          if (!target.armType || compared.has(target.armType)) continue;
          compared.add(target.armType);
          for (const declared of approval.declaredTypes) {
            if (typeMatches(declared, target.armType) || seen.has(declared.toLowerCase())) continue;
            seen.add(declared.toLowerCase());
            const data = { approval: node.address, declared, endpoint: e.node.address, target: target.address, armType: target.armType };
            yield { messageId: 'mismatch', data, node, related: [e.node, target], ...(open ? { kind: 'open' as const } : {}) };
          }
        }
      }
    }
  },
};
