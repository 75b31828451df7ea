import type { Report, Rule } from '../src/engine/types.js';
import { logModel } from '../src/model/logs.js';
import { servedScopes } from './lib/ampls.js';

const LIMIT = 10;

export const SYN404: Rule = {
  meta: {
    id: 'SYN404',
    name: 'ampls-endpoint-limit',
    level: 'warning',
    summary: 'More than 10 private endpoints target one AMPLS',
    description:
      'An Azure Monitor Private Link Scope connects to at most 10 private endpoints. Each Synapse workspace\'s managed private endpoint to it counts, as does every azurerm_private_endpoint; the eleventh fails to connect.',
    messages: {
      over: '{ampls} is the target of {count} private endpoints ({endpoints}); an AMPLS connects to at most 10',
    },
    fix: 'Spread the workspaces over several AMPLS, or share one network path: at most 10 private endpoints per scope.',
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

resource "azurerm_private_endpoint" "ampls_spoke01" {
  name                = "pe-ampls-spoke01"
  location            = "westeurope"
  resource_group_name = "rg-spoke01"
  subnet_id           = azurerm_subnet.spoke01_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke02" {
  name                = "pe-ampls-spoke02"
  location            = "westeurope"
  resource_group_name = "rg-spoke02"
  subnet_id           = azurerm_subnet.spoke02_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke03" {
  name                = "pe-ampls-spoke03"
  location            = "westeurope"
  resource_group_name = "rg-spoke03"
  subnet_id           = azurerm_subnet.spoke03_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke04" {
  name                = "pe-ampls-spoke04"
  location            = "westeurope"
  resource_group_name = "rg-spoke04"
  subnet_id           = azurerm_subnet.spoke04_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke05" {
  name                = "pe-ampls-spoke05"
  location            = "westeurope"
  resource_group_name = "rg-spoke05"
  subnet_id           = azurerm_subnet.spoke05_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke06" {
  name                = "pe-ampls-spoke06"
  location            = "westeurope"
  resource_group_name = "rg-spoke06"
  subnet_id           = azurerm_subnet.spoke06_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke07" {
  name                = "pe-ampls-spoke07"
  location            = "westeurope"
  resource_group_name = "rg-spoke07"
  subnet_id           = azurerm_subnet.spoke07_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke08" {
  name                = "pe-ampls-spoke08"
  location            = "westeurope"
  resource_group_name = "rg-spoke08"
  subnet_id           = azurerm_subnet.spoke08_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke09" {
  name                = "pe-ampls-spoke09"
  location            = "westeurope"
  resource_group_name = "rg-spoke09"
  subnet_id           = azurerm_subnet.spoke09_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}

resource "azurerm_private_endpoint" "ampls_spoke10" {
  name                = "pe-ampls-spoke10"
  location            = "westeurope"
  resource_group_name = "rg-spoke10"
  subnet_id           = azurerm_subnet.spoke10_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
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

# One endpoint in the hub network; the spokes are peered with it and share its DNS zones.
resource "azurerm_private_endpoint" "ampls_hub" {
  name                = "pe-ampls-hub"
  location            = "westeurope"
  resource_group_name = "rg-hub"
  subnet_id           = azurerm_subnet.hub_endpoints.id

  private_service_connection {
    name                           = "ampls-shared"
    private_connection_resource_id = azurerm_monitor_private_link_scope.shared.id
    subresource_names              = ["azuremonitor"]
    is_manual_connection           = false
  }
}`,
    },
    tags: ['azure', 'synapse', 'log-analytics', 'limits'],
    securitySeverity: 2.0,
    precision: 'high',
  },
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    for (const ampls of servedScopes(synapse).keys()) {
      const endpoints = logs.endpointsTo(ampls);
      if (endpoints.length <= LIMIT) continue;
      const names = endpoints.map((e) => e.address).sort();
      yield { messageId: 'over', data: { ampls: ampls.address, count: endpoints.length, endpoints: names.join(', ') }, node: ampls, related: endpoints };
    }
  },
};
