import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';

export const SYN501: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN501',
    name: 'public-package-install',
    level: 'error',
    summary: 'A Spark pool installs packages from public repositories under DEP',
    description:
      'library_requirement installs from PyPI or conda channels when the pool starts. Data exfiltration protection blocks every outbound connection but approved managed private endpoints, so the install job fails. Microsoft: installing from PyPI, Conda-Forge or the default channels is not supported in DEP workspaces.',
    messages: {
      install: '{pool} sets library_requirement, but {workspace} has data exfiltration protection: PyPI and conda channels are unreachable and the install fails',
      dep: '{pool} sets library_requirement; if {workspace} has data exfiltration protection (not known until apply), the install fails',
      unknown: '{pool}: whether it sets library_requirement is not known until apply; if it does, the install fails under the data exfiltration protection of {workspace}',
    },
    fix: 'Upload the packages as workspace packages (az synapse workspace-package upload) and attach them to the pool, or host a channel in the primary ADLS account.',
    snippet: `# az synapse workspace-package upload --workspace-name <ws> --package ./dist/pandas-1.5.0-py3-none-any.whl
# az synapse spark pool update --workspace-name <ws> --name <pool> --package-action Add --package pandas-1.5.0-py3-none-any.whl
resource "azurerm_synapse_spark_pool" "this" {
  # ... no library_requirement block
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

resource "azurerm_synapse_spark_pool" "etl" {
  name                 = "etl"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  node_size_family     = "MemoryOptimized"
  node_size            = "Small"
  node_count           = 3
  spark_version        = "3.4"

  library_requirement {
    content  = <<-EOT
      pandas==1.5.0
      great-expectations==0.18.8
    EOT
    filename = "requirements.txt"
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

# Packages are uploaded as workspace packages and attached with az synapse spark pool update.
resource "azurerm_synapse_spark_pool" "etl" {
  name                 = "etl"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  node_size_family     = "MemoryOptimized"
  node_size            = "Small"
  node_count           = 3
  spark_version        = "3.4"
}`,
    },
    tags: ['azure', 'synapse', 'spark', 'data-exfiltration'],
    securitySeverity: 3.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      for (const pool of synapse.pointingAt(ws, 'azurerm_synapse_spark_pool', 'synapse_workspace_id')) {
        const v = read(pool, 'library_requirement');
        const set = v.state === 'unknown' || (v.state === 'known' && !(Array.isArray(v.value) && v.value.length === 0));
        if (!set) continue;
        const data = { pool: pool.address, workspace: ws.address };
        // Not known whether it is set: a note, never an error (SPEC §4).
        if (v.state === 'unknown') {
          yield { messageId: 'unknown', data, node: pool, attribute: 'library_requirement', related: [ws], kind: 'open' };
          continue;
        }
        yield dep === true ? { messageId: 'install', data, node: pool, attribute: 'library_requirement', related: [ws] } : { messageId: 'dep', data, node: pool, related: [ws], kind: 'open' };
      }
    }
  },
};
