import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';
import { depEndpoints, targetTypes } from './lib/endpoints.js';

export const SYN202: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN202',
    name: 'invalid-subresource',
    level: 'error',
    summary: 'subresource_name is not a Private Link group of the target',
    description:
      'A managed private endpoint connects to one Private Link group of its target type: `namespace` for Event Hubs (not `eventhub`), `sqlServer` for SQL servers, `dfs` or `blob` for storage. The azurerm provider accepts any string and Azure rejects the endpoint at apply time, or the target type has no groups at all: a Log Analytics workspace is reached through an Azure Monitor Private Link Scope with `azuremonitor`.',
    messages: {
      invalid: '{endpoint} has subresource_name "{value}", which is not a Private Link group of {target} ({title}); valid: {valid}{hint}',
      noGroups: '{endpoint} targets {target} ({title}), which has no Private Link groups: {hint}',
      emptyNotAllowed: '{endpoint} has an empty subresource_name, but {target} ({title}) needs one of: {valid}',
      unknownValue: '{endpoint}: subresource_name is not known until apply, so it could not be checked against {target}',
      unknownTarget: '{endpoint}: target_resource_id is not known until apply and refers to no resource of the input, so its subresource, target type and FQDNs could not be checked',
      unknownType: '{endpoint} targets {target} of type {armType}, which is not in the catalog; its subresource_name "{value}" could not be checked (add the type under stores in the configuration file)',
    },
    fix: 'Use a Private Link group of the target type (canonical casing), or point the endpoint at the resource that has the group you need.',
    snippet: `resource "azurerm_synapse_managed_private_endpoint" "eventhub" {
  name                 = "pe-eventhub"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_eventhub_namespace.this.id
  subresource_name     = "namespace" # not "eventhub"
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

resource "azurerm_synapse_managed_private_endpoint" "events" {
  name                 = "mpe-events"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_eventhub_namespace.events.id
  subresource_name     = "eventhub"
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

resource "azurerm_synapse_managed_private_endpoint" "events" {
  name                 = "mpe-events"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_eventhub_namespace.events.id
  subresource_name     = "namespace"
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'correctness'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { e, open } of depEndpoints(synapse)) {
      const endpoint = e.node.address;
      const attribute = 'subresource_name';
      const targets = targetTypes(synapse, e);
      if (targets.length === 0) {
        if (e.target.unknown) yield { messageId: 'unknownTarget', data: { endpoint }, node: e.node, attribute: 'target_resource_id', kind: 'open' };
        continue;
      }
      const sub = read(e.node, attribute);
      for (const { node: target, type } of targets) {
        const base = { endpoint, target: target.address };
        if (!type) {
          if (sub.state === 'known' && target.armType) {
            yield { messageId: 'unknownType', data: { ...base, armType: target.armType, value: String(sub.value) }, node: e.node, attribute, kind: 'open', related: [target] };
          }
          continue;
        }
        if (sub.state === 'unknown') {
          yield { messageId: 'unknownValue', data: base, node: e.node, attribute, kind: 'open', related: [target] };
          continue;
        }
        const value = sub.state === 'known' && typeof sub.value === 'string' ? sub.value : '';
        let messageId: string | undefined;
        // A type without groups (a Log Analytics workspace) takes no subresource at all: say where to go instead (its hint), as for any other value.
        if (value === '') messageId = type.emptyGroupAllowed ? undefined : type.groups.length === 0 ? 'noGroups' : 'emptyNotAllowed';
        else if (type.groups.length === 0) messageId = 'noGroups';
        else if (!type.groups.some((g) => g.toLowerCase() === value.toLowerCase())) messageId = 'invalid';
        if (!messageId) continue;
        const hint = messageId === 'noGroups' ? (type.hint ?? 'it cannot be reached through a managed private endpoint') : type.hint ? `; ${type.hint}` : '';
        const valid = type.groups.map((g) => `"${g}"`).join(', '); // used only where the type has groups
        const data = { ...base, title: type.title, value, valid, hint };
        if (open) yield { messageId, data, node: e.node, attribute, related: [target], kind: 'open' };
        else yield { messageId, data, node: e.node, attribute, related: [target] };
      }
    }
  },
};
