import type { Report, Rule } from '../src/engine/types.js';

export const SYN101: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN101',
    name: 'dep-disabled',
    level: 'error',
    summary: 'Synapse workspace without data exfiltration protection',
    description:
      'Without data exfiltration protection (DEP), Spark pools and pipelines in the managed virtual network can send data to any endpoint. DEP can only be chosen when the workspace is created: turning it on later replaces the workspace and everything in it.',
    messages: {
      disabled: '{workspace} has data_exfiltration_protection_enabled = false: its Spark pools can send data anywhere, and enabling it later destroys and recreates the workspace',
      unset: '{workspace} does not set data_exfiltration_protection_enabled (default false): its Spark pools can send data anywhere, and enabling it later destroys and recreates the workspace',
      unknown: '{workspace}: data_exfiltration_protection_enabled is not known until apply, so whether the workspace has data exfiltration protection could not be checked',
    },
    fix: 'Set data_exfiltration_protection_enabled = true and managed_virtual_network_enabled = true when the workspace is created.',
    snippet: `resource "azurerm_synapse_workspace" "this" {
  # ...
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  public_network_access_enabled        = false
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
    tags: ['azure', 'synapse', 'data-exfiltration'],
    securitySeverity: 7.5,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      const data = { workspace: ws.address };
      const attribute = 'data_exfiltration_protection_enabled';
      if (dep === 'unknown') yield { messageId: 'unknown', data, node: ws, attribute, kind: 'open' };
      else if (dep === false) {
        const set = ws.declared && Object.prototype.hasOwnProperty.call(ws.values ?? {}, attribute) && (ws.values as Record<string, unknown>)[attribute] !== null;
        yield { messageId: set ? 'disabled' : 'unset', data, node: ws, attribute };
      }
    }
  },
};
