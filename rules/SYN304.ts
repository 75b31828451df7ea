import type { Report, Rule } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import { approvalModel } from '../src/model/approvals.js';
import { firstSorted } from '../src/engine/select.js';
import { coveredEndpoints } from './lib/approvals.js';

export const SYN304: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN304',
    name: 'approval-not-ordered',
    level: 'error',
    summary: 'The approval can run before the endpoint exists',
    description:
      'Terraform orders resources only by references and depends_on. An approval that refers to the target but not to the endpoint (nor to anything that depends on it) may run first, find no connection, and leave the endpoint Pending.',
    messages: {
      unordered: '{approval} neither refers to nor depends on {endpoint} (nor on anything that does), so Terraform may run it before the endpoint exists',
      unorderedSeveral: '{approval} neither refers to nor depends on {count} of the endpoints it approves ({endpoints}), nor on anything that does, so Terraform may run it before they exist',
      unorderedMaybe: '{approval} may approve {endpoints} (what it does is not known until apply), but neither refers to nor depends on them, nor on anything that does: if it approves them, Terraform may run it before they exist',
    },
    fix: 'Add depends_on = [azurerm_synapse_managed_private_endpoint.<name>] to the approval (or to the data source it reads the connection from).',
    snippet: `resource "azapi_update_resource" "approve_lake_dfs" {
  # ...
  depends_on = [azurerm_synapse_managed_private_endpoint.lake_dfs]
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

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}

resource "terraform_data" "approve_keyvault" {
  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_key_vault.this.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.mpe-kv-vault')].id" -o tsv)
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

resource "azurerm_synapse_managed_private_endpoint" "keyvault" {
  name                 = "mpe-kv-vault"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_key_vault.this.id
  subresource_name     = "vault"
}

resource "terraform_data" "approve_keyvault" {
  depends_on = [azurerm_synapse_managed_private_endpoint.keyvault]

  provisioner "local-exec" {
    command = <<-EOT
      id=$(az network private-endpoint-connection list --id \${azurerm_key_vault.this.id} \\
        --query "[?ends_with(properties.privateEndpoint.id, '\${azurerm_synapse_workspace.this.name}.mpe-kv-vault')].id" -o tsv)
      az network private-endpoint-connection approve --id "$id" --description "Approved for Synapse"
    EOT
  }
}`,
    },
    tags: ['azure', 'synapse', 'private-link', 'approval'],
    securitySeverity: 4.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const model = approvalModel(synapse);
    for (const { approval, endpoints } of coveredEndpoints(synapse)) {
      // One finding per approval, not per endpoint: an approval that names only a shared target covers every
      // endpoint to it, and approvals times endpoints would be as many findings. Endpoints of a workspace whose
      // DEP is not known go in a note of their own.
      const unordered: GraphNode[] = [];
      const open: GraphNode[] = [];
      // One whose command or type is not known may not be an approval at all: a note.
      for (const d of endpoints) if (!model.reaches(approval.node, d.e.node)) (d.open || !approval.readable ? open : unordered).push(d.e.node);
      for (const [nodes, kind] of [
        [unordered, undefined],
        [open, 'open'],
      ] as const) {
        if (nodes.length === 0) continue;
        const approvalAddress = approval.node.address;
        const report: Pick<Report, 'messageId' | 'data' | 'detail'> = !approval.readable
          ? { messageId: 'unorderedMaybe', data: { approval: approvalAddress, endpoints: listed(nodes) } }
          : nodes.length === 1
            ? { messageId: 'unordered', data: { approval: approvalAddress, endpoint: nodes[0]!.address } }
            : { messageId: 'unorderedSeveral', data: { approval: approvalAddress, count: nodes.length, endpoints: listed(nodes) }, detail: kind ? `unorderedSeveral:${kind}` : 'unorderedSeveral' };
        yield { ...report, node: approval.node, related: nodes, attribute: 'depends_on', ...(kind ? { kind } : {}) };
      }
    }
  },
};

/** The first few addresses, in order, and how many more there are. */
const LISTED = 5;

function listed(nodes: readonly GraphNode[]): string {
  const shown = firstSorted(nodes, LISTED, (n) => n.address)
    .map((n) => n.address)
    .join(', ');
  return nodes.length > LISTED ? `${shown} and ${nodes.length - LISTED} more` : shown;
}
