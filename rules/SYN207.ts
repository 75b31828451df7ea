import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';
import { depEndpoints, targetTypes } from './lib/endpoints.js';

const PRIVATE_LINK_SERVICE = 'microsoft.network/privatelinkservices';

export const SYN207: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN207',
    name: 'private-link-service-without-fqdns',
    level: 'error',
    summary: 'Managed private endpoint to a Private Link service without FQDNs',
    description:
      'An endpoint to a customer Private Link service has no DNS zone of its own: Spark reaches it only by the names listed in fully_qualified_domain_names (azurerm 4.70.0 and later). Without them the endpoint exists but nothing resolves to it.',
    messages: {
      missing: '{endpoint} targets the Private Link service {target} but fully_qualified_domain_names is {state}; list the host names Spark will use',
      unknown: '{endpoint} targets the Private Link service {target}; fully_qualified_domain_names is not known until apply',
    },
    fix: 'Set fully_qualified_domain_names to the host names served behind the Private Link service (azurerm 4.70.0 or later).',
    snippet: `resource "azurerm_synapse_managed_private_endpoint" "partner" {
  name                         = "mpe-partner-api"
  synapse_workspace_id         = azurerm_synapse_workspace.this.id
  target_resource_id           = azurerm_private_link_service.partner.id
  subresource_name             = ""
  fully_qualified_domain_names = ["api.partner.example.com"]
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

resource "azurerm_synapse_managed_private_endpoint" "partner_api" {
  name                 = "mpe-partner-api"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_private_link_service.partner.id
  subresource_name     = ""
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

resource "azurerm_synapse_managed_private_endpoint" "partner_api" {
  name                         = "mpe-partner-api"
  synapse_workspace_id         = azurerm_synapse_workspace.this.id
  target_resource_id           = azurerm_private_link_service.partner.id
  subresource_name             = ""
  fully_qualified_domain_names = ["api.partner.example.com"]
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'correctness'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { e, open } of depEndpoints(synapse)) {
      for (const { node: target, type } of targetTypes(synapse, e)) {
        if (type?.armType.toLowerCase() !== PRIVATE_LINK_SERVICE) continue;
        const attribute = 'fully_qualified_domain_names';
        const v = read(e.node, attribute);
        const base = { endpoint: e.node.address, target: target.address };
        if (v.state === 'unknown') yield { messageId: 'unknown', data: base, node: e.node, attribute, kind: 'open', related: [target] };
        else if (v.state === 'absent' || (Array.isArray(v.value) && v.value.length === 0)) {
          const state = v.state === 'absent' ? 'not set' : 'empty';
          yield { messageId: 'missing', data: { ...base, state }, node: e.node, attribute, related: [target], ...(open ? { kind: 'open' as const } : {}) };
        }
      }
    }
  },
};
