import type { Report, Rule } from '../src/engine/types.js';
import { logModel } from '../src/model/logs.js';
import { scopesToCheck } from './lib/ampls.js';

const LIMIT = 10;

export const SYN404: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN404',
    name: 'ampls-endpoint-limit',
    level: 'warning',
    summary: 'More than 10 private endpoints target one AMPLS',
    description:
      'An Azure Monitor Private Link Scope connects to at most 10 private endpoints. Each Synapse workspace\'s managed private endpoint to it counts, as does every azurerm_private_endpoint; the eleventh fails to connect.',
    messages: {
      over: '{ampls} is the target of {count} private endpoints ({endpoints}); an AMPLS connects to at most 10',
      overDep: '{ampls} is the target of {count} private endpoints ({endpoints}); an AMPLS connects to at most 10 (this matters if {workspaces} has data exfiltration protection, which is not known until apply)',
      unknownCount: '{ampls} is the target of {unknown}, whose number of instances is not known until apply, so whether more than 10 private endpoints connect to it could not be checked (an AMPLS connects to at most 10; the others make {known})',
    },
    fix: 'Spread the workspaces over several AMPLS, or share one network path: at most 10 private endpoints per scope.',
    snippet: `# One private endpoint per hub network, shared by the spokes through peering and DNS.
resource "azurerm_private_endpoint" "ampls" {
  for_each            = toset(["hub-weu", "hub-neu"])
  name                = "pe-ampls-\${each.key}"
  location            = each.key == "hub-weu" ? "westeurope" : "northeurope"
  resource_group_name = "rg-\${each.key}"
  subnet_id           = azurerm_subnet.endpoints[each.key].id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}`,
    examples: {
      fail: `locals {
  spokes = toset(["spoke01", "spoke02", "spoke03", "spoke04", "spoke05", "spoke06", "spoke07", "spoke08", "spoke09", "spoke10"])
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_monitor_private_link_scope" "shared" {
  name                  = "ampls-shared"
  resource_group_name   = "rg-monitoring"
  ingestion_access_mode = "PrivateOnly"
  query_access_mode     = "PrivateOnly"
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.shared.id
  subresource_name     = "azuremonitor"
}

# One endpoint per spoke network: with the workspace's, 11 endpoints on one scope.
resource "azurerm_private_endpoint" "ampls" {
  for_each            = local.spokes
  name                = "pe-ampls-\${each.key}"
  location            = "westeurope"
  resource_group_name = "rg-\${each.key}"
  subnet_id           = azurerm_subnet.endpoints[each.key].id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}
`,
      pass: `locals {
  hubs = toset(["hub-weu"])
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_monitor_private_link_scope" "shared" {
  name                  = "ampls-shared"
  resource_group_name   = "rg-monitoring"
  ingestion_access_mode = "PrivateOnly"
  query_access_mode     = "PrivateOnly"
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.shared.id
  subresource_name     = "azuremonitor"
}

# One endpoint in the hub network, reached by the spokes through peering and DNS.
resource "azurerm_private_endpoint" "ampls" {
  for_each            = local.hubs
  name                = "pe-ampls-\${each.key}"
  location            = "westeurope"
  resource_group_name = "rg-\${each.key}"
  subnet_id           = azurerm_subnet.endpoints[each.key].id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}
`,
    },
    tags: ['azure', 'synapse', 'log-analytics', 'limits'],
    securitySeverity: 2.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    // A scope that serves only workspaces whose DEP is not known (open): what would be a warning is a note (SPEC §4).
    for (const { ampls, workspaces, open } of scopesToCheck(synapse)) {
      const endpoints = logs.endpointsTo(ampls);
      // A configuration node with count/for_each stands for several endpoints; one whose count is unknown may stand for none or for many.
      const unknown = endpoints.filter((e) => e.instances === 'unknown');
      const count = endpoints.reduce((n, e) => n + (typeof e.instances === 'number' ? e.instances : e.instances === 'unknown' ? 0 : 1), 0);
      if (count <= LIMIT && unknown.length === 0) continue;
      if (count <= LIMIT) {
        // Under the limit with the known counts: the unknown ones may take it over, or not.
        const data = { ampls: ampls.address, unknown: unknown.map((e) => e.address).sort().join(', '), known: count };
        yield { messageId: 'unknownCount', data, node: ampls, related: endpoints, kind: 'open' };
        continue;
      }
      const names = endpoints
        .map((e) => (typeof e.instances === 'number' ? `${e.address} (${e.instances})` : e.instances === 'unknown' ? `${e.address} (instances not known until apply)` : e.address))
        .sort();
      const data = { ampls: ampls.address, count: unknown.length > 0 ? `at least ${count}` : count, endpoints: names.join(', ') };
      if (open) {
        yield { messageId: 'overDep', data: { ...data, workspaces: workspaces.map((w) => w.address).join(', ') }, node: ampls, related: [...endpoints, ...workspaces], kind: 'open' };
      } else {
        yield { messageId: 'over', data, node: ampls, related: endpoints };
      }
    }
  },
};
