import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';

export const SYN102: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN102',
    name: 'dep-without-managed-vnet',
    level: 'error',
    summary: 'Data exfiltration protection without a managed virtual network',
    description:
      'Data exfiltration protection only exists inside a managed virtual network. The azurerm provider does not check the pair at plan time; with DEP on and the managed virtual network off, the provider cannot read DEP back, so every plan wants to replace the workspace.',
    messages: {
      disabled: '{workspace} enables data exfiltration protection but managed_virtual_network_enabled is {value}: DEP needs the managed virtual network, and the provider will plan to replace the workspace on every run',
      unknown: '{workspace} enables data exfiltration protection, but managed_virtual_network_enabled is not known until apply, so the pair could not be checked',
      depUnknown: '{workspace}: data_exfiltration_protection_enabled is not known until apply and managed_virtual_network_enabled is {value}, so whether DEP is on without the managed virtual network could not be checked',
      bothUnknown: '{workspace}: neither data_exfiltration_protection_enabled nor managed_virtual_network_enabled is known until apply, so whether DEP is on without the managed virtual network could not be checked',
    },
    fix: 'Set managed_virtual_network_enabled = true together with data_exfiltration_protection_enabled = true (both only at creation).',
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
  data_exfiltration_protection_enabled = true
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
    securitySeverity: 7.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      const vnet = synapse.managedVnet(ws);
      if (vnet === true) continue;
      const attribute = 'managed_virtual_network_enabled';
      if (dep === 'unknown') {
        // DEP decides, and it is not known: a note on the attribute that could not be read.
        const depAttribute = 'data_exfiltration_protection_enabled';
        if (vnet === 'unknown') yield { messageId: 'bothUnknown', data: { workspace: ws.address }, node: ws, attribute: depAttribute, kind: 'open' };
        else yield { messageId: 'depUnknown', data: { workspace: ws.address, value: read(ws, attribute).state === 'absent' ? 'not set' : 'false' }, node: ws, attribute: depAttribute, kind: 'open' };
      } else if (vnet === 'unknown') yield { messageId: 'unknown', data: { workspace: ws.address }, node: ws, attribute, kind: 'open' };
      else yield { messageId: 'disabled', data: { workspace: ws.address, value: 'not true' }, node: ws, attribute };
    }
  },
};
