import type { Report, Rule } from '../src/engine/types.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN305: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN305',
    name: 'approval-guessed-connection-name',
    level: 'warning',
    summary: 'The approval guesses the connection name',
    description:
      'The target names a private endpoint connection itself (for storage, a generated name); it is neither the managed private endpoint\'s name nor reliably the first in the list. Look the connection up by its private endpoint ID, which ends in <workspace>.<endpoint>.',
    messages: {
      mpeName: '{approval} uses the name of {endpoint} as the connection name, but the target names the connection itself; look it up by the private endpoint ID ending in <workspace>.<endpoint>',
      fixedIndex: '{approval} takes the connection at a fixed position of the list ({index}); with more than one connection on the target it approves the wrong one. Filter by the private endpoint ID ending in <workspace>.<endpoint>',
      open: '{approval}: its command text is not known (not in the plan; lint with the .tf beside it), so how it names the connection could not be checked',
    },
    fix: 'Find the connection whose properties.privateEndpoint.id ends with "<workspace name>.<endpoint name>" and approve that one.',
    snippet: `az network private-endpoint-connection list --id "\${azurerm_storage_account.lake.id}" \\
  --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}')].id | [0]" -o tsv`,
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

resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_lake_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.lake_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      az network private-endpoint-connection approve \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_storage_account.lake.name} \\
        --type Microsoft.Storage/storageAccounts \\
        --name \${azurerm_synapse_managed_private_endpoint.lake_dfs.name} \\
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

resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_lake_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.lake_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      name=$(az network private-endpoint-connection list \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_storage_account.lake.name} \\
        --type Microsoft.Storage/storageAccounts \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}')].name" -o tsv)
      az network private-endpoint-connection approve \\
        --resource-group \${azurerm_resource_group.this.name} \\
        --resource-name \${azurerm_storage_account.lake.name} \\
        --type Microsoft.Storage/storageAccounts \\
        --name "$name" \\
        --description "Approved for Synapse"
    EOT
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 3.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      const node = approval.node;
      const open = endpoints.every((x) => x.open);
      if (!approval.readable) {
        // An azapi approval's name is not judged (SPEC: SYN305 is the CLI's).
        if (approval.kind === 'cli') yield { messageId: 'open', data: { approval: node.address }, node, kind: 'open' };
        continue;
      }
      const guess = approval.guessedName;
      if (!guess) continue;
      const endpoint = (guess.mpe ?? endpoints[0]!.e.node).address;
      const related = guess.mpe ? [guess.mpe] : [];
      const data: Record<string, string> = guess.how === 'mpe-name' ? { approval: node.address, endpoint } : { approval: node.address, endpoint, index: guess.index ?? '[0]' };
      // The index is in the message, not in the fingerprint: fingerprints from before it was stay valid.
      const detail = `${guess.how === 'mpe-name' ? 'mpeName' : 'fixedIndex'}:${JSON.stringify({ approval: node.address, endpoint })}`;
      yield { messageId: guess.how === 'mpe-name' ? 'mpeName' : 'fixedIndex', data, node, related, detail, ...(open ? { kind: 'open' as const } : {}) };
    }
  },
};
