import type { Report, Rule } from '../src/engine/types.js';

export const SYN106: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN106',
    name: 'unknown-synapse-resource-type',
    level: 'error',
    summary: 'A Synapse resource type the azurerm provider does not have',
    description:
      'The azurerm provider has a fixed set of azurerm_synapse_* types. Others, such as azurerm_synapse_workspace_package (proposed once, never merged), fail at plan time, and whatever they were meant to do does not happen.',
    messages: {
      unknownType: '{address}: the azurerm provider has no resource type {type}',
      workspacePackage: '{address}: the azurerm provider has no resource type azurerm_synapse_workspace_package; upload workspace packages with `az synapse workspace-package upload` and attach them with `az synapse spark pool update --package-action Add`',
    },
    fix: 'Remove the resource. For workspace packages, upload them with the Azure CLI (az synapse workspace-package upload) or use a private channel in the primary ADLS account.',
    snippet: `resource "terraform_data" "pandas_package" {
  triggers_replace = [azurerm_storage_blob.pandas_wheel.content_md5]
  provisioner "local-exec" {
    command = "az synapse workspace-package upload --workspace-name \${azurerm_synapse_workspace.this.name} --package ./pandas-1.5.0-py3-none-any.whl"
  }
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace_package" "pandas" {
  name                 = "pandas-1.5.0-py3-none-any.whl"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  link                 = azurerm_storage_blob.pandas_wheel.url
}`,
      pass: `resource "terraform_data" "pandas_package" {
  triggers_replace = [azurerm_storage_blob.pandas_wheel.content_md5]

  provisioner "local-exec" {
    command = "az synapse workspace-package upload --workspace-name \${azurerm_synapse_workspace.this.name} --package ./pandas-1.5.0-py3-none-any.whl"
  }
}`,
    },
    tags: ['azure', 'synapse', 'correctness'],
    securitySeverity: 4.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ graph, catalog }): Generator<Report> {
    for (const node of graph.nodes) {
      if (!node.declared || !node.type.startsWith('azurerm_synapse_') || catalog.isSynapseType(node.type)) continue;
      const messageId = node.type === 'azurerm_synapse_workspace_package' ? 'workspacePackage' : 'unknownType';
      yield { messageId, data: { address: node.address, type: node.type }, node };
    }
  },
};
