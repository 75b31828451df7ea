import type { Report, Rule } from '../src/engine/types.js';
import type { Endpoint } from '../src/model/synapse.js';
import { coveredEndpoints } from './lib/approvals.js';

/** What an endpoint may target: `a or b`, and a resource not known until apply where part of it is unknown. */
function mayTarget(e: Endpoint): string {
  return [...e.target.nodes.map((t) => t.address), ...(e.target.unknown ? ['a resource not known until apply'] : [])].join(' or ');
}

export const SYN303: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN303',
    name: 'approval-wrong-target',
    level: 'error',
    summary: 'The approval is for an endpoint but names a different resource than its target',
    description:
      'An approval refers to the endpoint it is for (depends_on, its name), but its --resource-name, --id or parent_id names another resource. The connection is looked for where it does not exist, and the endpoint stays Pending.',
    messages: {
      wrong: '{approval} is for {endpoint}, which targets {target}, but it names {named}',
      open: '{approval}: its command text is not known (not in the plan; lint with the .tf beside it), so which resource it names could not be checked against {endpoint}',
      openType: '{approval}: its type is not known until apply, so whether it approves a connection of the target of {endpoint} could not be checked',
      unknownTarget: '{approval} is for {endpoint}, whose target_resource_id is not known until apply, so whether {named} is its target could not be checked',
      maybeTarget: '{approval} is for {endpoint}, which may target {target}; it names {named}, so whether it names the endpoint\'s target could not be checked',
      unknownNamed: '{approval} is for {endpoint}, which targets {target}, but the resource it names is not known until apply, so whether it is that target could not be checked',
    },
    fix: 'Name the endpoint\'s target in the approval: --resource-name/--id or parent_id of the same resource as target_resource_id.',
    snippet: `resource "azapi_update_resource" "approve_kv" {
  type       = "Microsoft.KeyVault/vaults/privateEndpointConnections@2023-07-01"
  parent_id  = azurerm_key_vault.kv.id # the same resource as the endpoint's target_resource_id
  depends_on = [azurerm_synapse_managed_private_endpoint.kv]
  # ...
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

resource "azurerm_synapse_managed_private_endpoint" "raw_dfs" {
  name                 = "mpe-raw-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.raw.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_raw_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.raw_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.lake.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.raw_dfs.name}')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
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

resource "azurerm_synapse_managed_private_endpoint" "raw_dfs" {
  name                 = "mpe-raw-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.raw.id
  subresource_name     = "dfs"
}

resource "terraform_data" "approve_raw_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.raw_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.raw.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.raw_dfs.name}')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      const node = approval.node;
      // Only an approval that refers to its endpoints can name the wrong target; one that does not is matched by target.
      if (approval.mpes.length === 0) continue;
      if (!approval.readable) {
        const first = endpoints[0]!.e;
        yield { messageId: approval.kind === 'azapi' ? 'openType' : 'open', data: { approval: node.address, endpoint: first.node.address }, node, related: [first.node], kind: 'open' };
        continue;
      }
      const named = approval.targets.nodes;
      for (const { e, open } of endpoints) {
        const targets = e.target.nodes;
        const related = [e.node, ...targets, ...named];
        // What the approval names, or what the endpoint targets, is not known: it may be right or wrong, a note (SPEC §4).
        if (named.length === 0) {
          if (approval.targets.unknown && (targets.length > 0 || e.target.unknown)) yield { messageId: 'unknownNamed', data: { approval: node.address, endpoint: e.node.address, target: mayTarget(e) }, node, related, kind: 'open' };
          continue;
        }
        const namedText = named.map((t) => t.address).join(', ');
        if (targets.length === 0) {
          if (e.target.unknown) yield { messageId: 'unknownTarget', data: { approval: node.address, endpoint: e.node.address, named: namedText }, node, related, kind: 'open' };
          continue;
        }
        // A target whose name is not known until apply may be the resource outside the input that a literal ID names.
        const hits = targets.filter((t) => named.includes(t) || named.some((n) => synapse.mayBe(t, n)));
        // It names every resource the endpoint may target (a for_each over the endpoints, say).
        if (hits.length === targets.length && !e.target.unknown && hits.every((t) => named.includes(t))) continue;
        if (hits.length > 0 || e.target.unknown) {
          yield { messageId: 'maybeTarget', data: { approval: node.address, endpoint: e.node.address, target: mayTarget(e), named: namedText }, node, related, kind: 'open' };
          continue;
        }
        const data = {
          approval: node.address,
          endpoint: e.node.address,
          target: targets.map((t) => t.address).join(', '),
          named: namedText,
        };
        yield { messageId: 'wrong', data, node, related, ...(open ? { kind: 'open' as const } : {}) };
      }
    }
  },
};
