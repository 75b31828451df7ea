import type { Report, Rule } from '../src/engine/types.js';
import { approvalModel } from '../src/model/approvals.js';
import { depEndpoints } from './lib/endpoints.js';

export const SYN301: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN301',
    name: 'missing-approval',
    level: 'error',
    summary: 'Nothing approves the managed private endpoint, so it stays Pending',
    description:
      'A managed private endpoint starts Pending on its target, and only an approved one carries traffic. The azurerm provider creates the endpoint and waits for it to be provisioned, not approved, so apply succeeds and Spark times out. The approval has to be automated: azapi_update_resource on the target\'s privateEndpointConnections, or az network private-endpoint-connection approve.',
    messages: {
      missing: '{endpoint} is never approved: no azapi or az private-endpoint-connection approval refers to it, and none that refers to no endpoint names its target {target}, so its connection stays Pending and carries no traffic',
      open: '{endpoint}: {approval} may approve it, but what it runs is not known (its command text is not in the plan; lint with the .tf beside it)',
      openType: '{endpoint}: {approval} may approve it, but its type is not known until apply',
      openTarget: '{endpoint}: its target is not known until apply, so whether an approval covers it could not be checked',
      dep: '{endpoint} is never approved (this matters if its workspace has data exfiltration protection, which is not known until apply)',
    },
    fix: 'Approve the connection in Terraform: azapi_update_resource on <target type>/privateEndpointConnections with the connection found by its private endpoint ID, depending on the endpoint.',
    snippet: `data "azapi_resource" "lake" {
  type                   = "Microsoft.Storage/storageAccounts@2023-05-01"
  resource_id            = azurerm_storage_account.lake.id
  response_export_values = ["properties.privateEndpointConnections"]
  depends_on             = [azurerm_synapse_managed_private_endpoint.lake_dfs]
}

resource "azapi_update_resource" "approve_lake_dfs" {
  type      = "Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01"
  parent_id = azurerm_storage_account.lake.id
  name = one([for c in data.azapi_resource.lake.output.properties.privateEndpointConnections : c.name
    if endswith(lower(c.properties.privateEndpoint.id), lower("/\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}"))])
  body = { properties = { privateLinkServiceConnectionState = { status = "Approved", description = "Approved by Terraform" } } }
  lifecycle { ignore_changes = all }
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

resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
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
}

resource "terraform_data" "approve_lake_dfs" {
  triggers_replace = [azurerm_synapse_managed_private_endpoint.lake_dfs.id]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_storage_account.lake.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.\${azurerm_synapse_managed_private_endpoint.lake_dfs.name}')].id" -o tsv)
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
    const model = approvalModel(synapse);
    for (const { e, open } of depEndpoints(synapse)) {
      const covering = model.covering(e);
      if (covering.some((a) => a.readable) || e.target.nodes.some((t) => synapse.outside(t).approvals)) continue;
      const endpoint = e.node.address;
      const target = e.target.nodes.map((n) => n.address).join(', ') || '(unknown)';
      const related = [...e.target.nodes, ...covering.map((a) => a.node)];
      const unreadable = covering.find((a) => !a.readable);
      if (unreadable) yield { messageId: unreadable.kind === 'azapi' ? 'openType' : 'open', data: { endpoint, approval: unreadable.node.address }, node: e.node, related, kind: 'open' };
      else if (e.target.nodes.length === 0 && e.target.unknown && model.approvals.some((a) => a.mpes.length === 0)) {
        yield { messageId: 'openTarget', data: { endpoint }, node: e.node, kind: 'open' };
      } else if (open) yield { messageId: 'dep', data: { endpoint }, node: e.node, related, kind: 'open' };
      else yield { messageId: 'missing', data: { endpoint, target }, node: e.node, related };
    }
  },
};
