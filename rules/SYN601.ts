import type { Report, Rule } from '../src/engine/types.js';
import { readBool } from '../src/graph/values.js';

export const SYN601: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN601',
    name: 'public-network-access',
    level: 'note',
    summary: 'The workspace accepts connections from public networks',
    description:
      'public_network_access_enabled defaults to true: Synapse Studio and the SQL endpoints are reachable from the internet, limited only by firewall rules. Data exfiltration protection governs what leaves the workspace, not who reaches it.',
    messages: {
      enabled: '{workspace} allows public network access (public_network_access_enabled is true, which is also the default): its endpoints are reachable from public networks, limited only by firewall rules',
      unknown: '{workspace}: public_network_access_enabled is not known until apply, so whether its endpoints are reachable from public networks could not be checked',
    },
    fix: 'Set public_network_access_enabled = false and reach the workspace through private endpoints (dev, sql, sqlOnDemand) and a Private Link Hub.',
    snippet: `resource "azurerm_synapse_workspace" "this" {
  # ...
  public_network_access_enabled = false
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}`,
      pass: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}`,
    },
    tags: ['azure', 'synapse', 'network'],
    securitySeverity: 3.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const attribute = 'public_network_access_enabled';
      const v = readBool(ws, attribute, true);
      if (v === 'unknown') yield { messageId: 'unknown', data: { workspace: ws.address }, node: ws, attribute, kind: 'open' };
      if (v !== true) continue;
      // One message whether set or defaulted: a plan writes the default, .tf does not, and both must read the same.
      yield { messageId: 'enabled', data: { workspace: ws.address }, node: ws, attribute };
    }
  },
};
