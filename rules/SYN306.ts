import type { Report, Rule } from '../src/engine/types.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN306: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN306',
    name: 'approval-not-idempotent',
    level: 'warning',
    summary: 'An azapi_update_resource approval without lifecycle { ignore_changes = all }',
    description:
      'azapi_update_resource sends its body again whenever it differs from what it reads. Re-approving an already approved Storage connection fails (InvalidValuesForRequestParameters), so later applies break.',
    messages: {
      missing: '{approval} has no lifecycle { ignore_changes = all }: a later apply re-sends the approval and fails on an already approved connection',
      open: '{approval}: its lifecycle block is not in the plan, so whether it ignores changes could not be checked (lint with the .tf beside it)',
    },
    fix: 'Add lifecycle { ignore_changes = all } to the azapi_update_resource.',
    snippet: `resource "azapi_update_resource" "approve_lake_dfs" {
  # ...
  lifecycle {
    ignore_changes = all
  }
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

resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
}

data "azapi_resource" "lake" {
  type                   = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id            = azurerm_storage_account.lake.id
  response_export_values = ["properties.privateEndpointConnections"]
  depends_on             = [azurerm_synapse_managed_private_endpoint.lake_dfs]
}

resource "azapi_update_resource" "approve_lake_dfs" {
  type      = "Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01"
  parent_id = azurerm_storage_account.lake.id
  name = one([
    for c in data.azapi_resource.lake.output.properties.privateEndpointConnections : c.name
    if endswith(lower(c.properties.privateEndpoint.id), lower("/\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}"))
  ])

  body = {
    properties = {
      privateLinkServiceConnectionState = {
        status      = "Approved"
        description = "Approved for Synapse"
      }
    }
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

data "azapi_resource" "lake" {
  type                   = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id            = azurerm_storage_account.lake.id
  response_export_values = ["properties.privateEndpointConnections"]
  depends_on             = [azurerm_synapse_managed_private_endpoint.lake_dfs]
}

resource "azapi_update_resource" "approve_lake_dfs" {
  type      = "Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01"
  parent_id = azurerm_storage_account.lake.id
  name = one([
    for c in data.azapi_resource.lake.output.properties.privateEndpointConnections : c.name
    if endswith(lower(c.properties.privateEndpoint.id), lower("/\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}"))
  ])

  body = {
    properties = {
      privateLinkServiceConnectionState = {
        status      = "Approved"
        description = "Approved for Synapse"
      }
    }
  }

  lifecycle {
    ignore_changes = all
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 2.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      const node = approval.node;
      if (node.type !== 'azapi_update_resource') continue;
      const open = endpoints.every((x) => x.open);
      const ic = node.ignoreChanges;
      if (ic === 'all') continue;
      if (ic === 'unknown' || ic === undefined) yield { messageId: 'open', data: { approval: node.address }, node, kind: 'open' };
      else yield { messageId: 'missing', data: { approval: node.address }, node, ...(open ? { kind: 'open' as const } : {}) };
    }
  },
};
