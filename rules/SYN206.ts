import type { Report, Rule } from '../src/engine/types.js';
import { depEndpoints, targetTypes } from './lib/endpoints.js';

export const SYN206: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN206',
    name: 'unsupported-endpoint-target',
    level: 'warning',
    summary: 'The target type is not a documented Synapse managed private endpoint target',
    description:
      'Synapse documents which target types its managed private endpoints support. Others (Service Bus, App Configuration, Redis, Container Registry, flexible MySQL and PostgreSQL servers...) have Private Link groups, but Synapse may refuse the endpoint or Spark may not be able to use it.',
    messages: {
      unsupported: '{endpoint} targets {target} ({title}, {armType}), which Synapse does not document as a managed private endpoint target',
      unsupportedDep: '{endpoint} targets {target} ({title}, {armType}), which Synapse does not document as a managed private endpoint target (this matters if its workspace has data exfiltration protection, which is not known until apply)',
    },
    fix: 'Check that Synapse supports the target type; reach the service through a supported one or through a Private Link service with fully_qualified_domain_names.',
    snippet: `resource "azurerm_synapse_managed_private_endpoint" "orders_api" {
  name                         = "mpe-orders-api"
  synapse_workspace_id         = azurerm_synapse_workspace.this.id
  target_resource_id           = azurerm_private_link_service.orders.id
  subresource_name             = ""
  fully_qualified_domain_names = ["orders.internal.contoso.com"]
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

resource "azurerm_synapse_managed_private_endpoint" "orders_db" {
  name                 = "mpe-psql-orders"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_postgresql_flexible_server.orders.id
  subresource_name     = "postgresqlServer"
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

# A Private Link service in front of a load balancer that forwards to the server.
resource "azurerm_synapse_managed_private_endpoint" "orders_db" {
  name                         = "mpe-psql-orders"
  synapse_workspace_id         = azurerm_synapse_workspace.this.id
  target_resource_id           = azurerm_private_link_service.orders_db.id
  subresource_name             = ""
  fully_qualified_domain_names = ["psql-orders-prod.postgres.database.azure.com"]
}`,
    },
    tags: ['azure', 'synapse', 'private-link'],
    securitySeverity: 3.0,
    precision: 'medium',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { e, open } of depEndpoints(synapse)) {
      for (const { node: target, type } of targetTypes(synapse, e)) {
        if (!type || type.synapseMpeTarget || (type.groups.length === 0 && !type.emptyGroupAllowed)) continue;
        const data = { endpoint: e.node.address, target: target.address, title: type.title, armType: type.armType };
        yield { messageId: open ? 'unsupportedDep' : 'unsupported', data, node: e.node, attribute: 'target_resource_id', related: [target], ...(open ? { kind: 'open' as const } : {}) };
      }
    }
  },
};
