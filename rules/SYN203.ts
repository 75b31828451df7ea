import type { Report, Rule } from '../src/engine/types.js';
import { knownString } from '../src/graph/values.js';
import { depEndpoints, targetTypes } from './lib/endpoints.js';

export const SYN203: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN203',
    name: 'subresource-casing',
    level: 'warning',
    summary: 'subresource_name is valid only when case is ignored',
    description:
      'Azure accepts the group in any case but returns it in its canonical casing, and the azurerm provider compares the two exactly. Every plan then sees a change to a ForceNew attribute and replaces the endpoint, which drops its approval.',
    messages: {
      casing: '{endpoint} has subresource_name "{value}"; write "{canonical}": Azure returns that casing, so every plan would replace the endpoint',
      casingDep: '{endpoint} has subresource_name "{value}"; write "{canonical}" (this matters if its workspace has data exfiltration protection, which is not known until apply)',
    },
    fix: 'Write the group in its canonical casing.',
    snippet: `  subresource_name = "sqlServer" # not "sqlserver"`,
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

resource "azurerm_synapse_managed_private_endpoint" "sales_sql" {
  name                 = "mpe-sql-sales"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_mssql_server.sales.id
  subresource_name     = "sqlserver"
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

resource "azurerm_synapse_managed_private_endpoint" "sales_sql" {
  name                 = "mpe-sql-sales"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_mssql_server.sales.id
  subresource_name     = "sqlServer"
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'drift'],
    securitySeverity: 2.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse, catalog }): Generator<Report> {
    for (const { e, open } of depEndpoints(synapse)) {
      const value = knownString(e.node, 'subresource_name');
      if (!value) continue;
      for (const { node: target, type } of targetTypes(synapse, e)) {
        if (!type) continue;
        const canonical = catalog.canonicalGroup(type, value);
        if (canonical === undefined || canonical === value) continue;
        const data = { endpoint: e.node.address, value, canonical };
        yield { messageId: open ? 'casingDep' : 'casing', data, node: e.node, attribute: 'subresource_name', related: [target], ...(open ? { kind: 'open' as const } : {}) };
      }
    }
  },
};
