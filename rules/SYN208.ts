import type { Report, Rule } from '../src/engine/types.js';
import type { TemplateText } from '../src/graph/types.js';
import { knownString, read } from '../src/graph/values.js';
import { depEndpoints } from './lib/endpoints.js';

const RESERVED = ['synapse-ws-sql--', 'synapse-ws-sqlOnDemand--', 'synapse-ws-custstgacct--'];

/** The reserved prefix `name` starts with, compared case-insensitively. */
function reservedPrefix(name: string): string | undefined {
  return RESERVED.find((p) => name.toLowerCase().startsWith(p.toLowerCase()));
}

/** The text a name whose value is unknown surely starts with: its template's text and known interpolations up to the first unknown one. */
function knownStart(t: TemplateText | undefined): string {
  if (!t?.known) return '';
  let start = '';
  for (const piece of t.pieces) {
    const text = piece.kind === 'text' ? piece.text : piece.value;
    if (text === undefined) break;
    start += text;
  }
  return start;
}

export const SYN208: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN208',
    name: 'reserved-endpoint-name',
    level: 'warning',
    summary: 'Managed private endpoint name reserved for the endpoints Synapse creates itself',
    description:
      'Synapse creates its own managed private endpoints to the workspace\'s SQL pools and, when the portal creates the workspace, to its default storage, named synapse-ws-sql--, synapse-ws-sqlOnDemand-- and synapse-ws-custstgacct--. A declared endpoint with such a name collides with them.',
    messages: {
      reserved: '{endpoint} is named "{name}", which starts with "{prefix}", a prefix Synapse uses for the endpoints it creates itself',
      reservedStart: '{endpoint} has a name starting "{start}" (the rest is not known until apply), which begins with "{prefix}", a prefix Synapse uses for the endpoints it creates itself',
      nameUnknown: '{endpoint}: name is not known until apply, so whether it starts with a prefix Synapse uses for the endpoints it creates itself (synapse-ws-sql--, synapse-ws-sqlOnDemand--, synapse-ws-custstgacct--) could not be checked',
    },
    fix: 'Give the endpoint a name of your own, for example mpe-<store>-<subresource>.',
    snippet: `  name = "mpe-lake-dfs"`,
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
  name                 = "synapse-ws-custstgacct--syn-sales-prod-stsaleslake"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
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
}`,
    },
    tags: ['azure', 'synapse', 'private-link'],
    securitySeverity: 2.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { e, open } of depEndpoints(synapse)) {
      const attribute = 'name';
      if (read(e.node, attribute).state === 'unknown') {
        // The text the name is written with can still decide: "mpe-${each.key}" cannot start with a reserved prefix.
        const start = knownStart(e.node.templates?.get(attribute));
        const prefix = reservedPrefix(start);
        if (prefix) yield { messageId: 'reservedStart', data: { endpoint: e.node.address, start, prefix }, node: e.node, attribute, ...(open ? { kind: 'open' as const } : {}) };
        else if (RESERVED.some((p) => p.toLowerCase().startsWith(start.toLowerCase()))) {
          yield { messageId: 'nameUnknown', data: { endpoint: e.node.address }, node: e.node, attribute, kind: 'open' };
        }
      }
      const name = knownString(e.node, attribute);
      if (name === undefined) continue;
      const prefix = reservedPrefix(name);
      if (prefix) yield { messageId: 'reserved', data: { endpoint: e.node.address, name, prefix }, node: e.node, attribute, ...(open ? { kind: 'open' as const } : {}) };
    }
  },
};
