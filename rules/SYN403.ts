import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';
import { scopesToCheck } from './lib/ampls.js';

export const SYN403: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN403',
    name: 'ampls-open-ingestion',
    level: 'warning',
    summary: 'An AMPLS that serves a DEP workspace accepts ingestion from outside it',
    description:
      'With ingestion_access_mode = "Open" (the default), networks connected to the Azure Monitor Private Link Scope may still send data to Azure Monitor resources outside it: the scope does not stop exfiltration. PrivateOnly keeps ingestion to the resources in the scope.',
    messages: {
      open: '{ampls} serves {workspaces} but its ingestion_access_mode is {mode}: it lets data go to Azure Monitor resources outside the scope',
      unknown: '{ampls}: ingestion_access_mode is not known until apply',
      openDep: '{ampls} serves {workspaces} but its ingestion_access_mode is {mode}: it lets data go to Azure Monitor resources outside the scope (this matters if {workspaces} has data exfiltration protection, which is not known until apply)',
    },
    fix: 'Set ingestion_access_mode = "PrivateOnly" (and query_access_mode = "PrivateOnly") on the scope.',
    snippet: `resource "azurerm_monitor_private_link_scope" "this" {
  name                  = "ampls-synapse"
  resource_group_name   = azurerm_resource_group.this.name
  ingestion_access_mode = "PrivateOnly"
  query_access_mode     = "PrivateOnly"
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

resource "azurerm_monitor_private_link_scope" "this" {
  name                  = "ampls-synapse"
  resource_group_name   = azurerm_resource_group.this.name
  ingestion_access_mode = "Open"
  query_access_mode     = "Open"
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.this.id
  subresource_name     = "azuremonitor"
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

resource "azurerm_monitor_private_link_scope" "this" {
  name                  = "ampls-synapse"
  resource_group_name   = azurerm_resource_group.this.name
  ingestion_access_mode = "PrivateOnly"
  query_access_mode     = "PrivateOnly"
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.this.id
  subresource_name     = "azuremonitor"
}`,
    },
    tags: ['azure', 'synapse', 'log-analytics', 'data-exfiltration'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    // A scope that serves only workspaces whose DEP is not known (open): what would be a warning is a note (SPEC §4).
    for (const { ampls, workspaces, open } of scopesToCheck(synapse)) {
      const v = read(ampls, 'ingestion_access_mode');
      const attribute = 'ingestion_access_mode';
      if (v.state === 'unknown') yield { messageId: 'unknown', data: { ampls: ampls.address }, node: ampls, attribute, kind: 'open' };
      else if (v.state === 'absent' || v.value !== 'PrivateOnly') {
        const mode = v.state === 'absent' ? 'not set (Open)' : `"${String(v.value)}"`;
        const data = { ampls: ampls.address, workspaces: workspaces.map((w) => w.address).join(', '), mode };
        yield open ? { messageId: 'openDep', data, node: ampls, attribute, related: workspaces, kind: 'open' } : { messageId: 'open', data, node: ampls, attribute, related: workspaces };
      }
    }
  },
};
