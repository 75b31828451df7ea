import type { Report, Rule } from '../src/engine/types.js';
import { knownString } from '../src/graph/values.js';
import { logModel } from '../src/model/logs.js';

/** `West Europe` and `westeurope` are the same region. */
function region(s: string): string {
  return s.toLowerCase().replace(/[\s_-]/g, '');
}

export const SYN402: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN402',
    name: 'log-analytics-region-mismatch',
    level: 'warning',
    summary: 'The Log Analytics workspace for Spark logs is in another region than the Synapse workspace',
    description:
      'Microsoft documents Spark logging with data exfiltration protection for a Log Analytics workspace in the same region as the Synapse workspace; the private endpoints of the AMPLS path are regional.',
    messages: {
      mismatch: '{law} is in {lawRegion}, but {workspace}, whose Spark pool {pool} logs to it, is in {wsRegion}',
    },
    fix: 'Send Spark logs to a Log Analytics workspace in the Synapse workspace\'s region.',
    snippet: `resource "azurerm_log_analytics_workspace" "spark" {
  name                = "law-spark-weu"
  location            = azurerm_synapse_workspace.this.location
  resource_group_name = azurerm_resource_group.this.name
}`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = "westeurope"
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

  spark_config {
    content  = <<-EOT
      spark.synapse.logAnalytics.enabled true
      spark.synapse.logAnalytics.workspaceId \${azurerm_log_analytics_workspace.this.workspace_id}
    EOT
    filename = "spark-defaults.conf"
  }
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-sales-prod"
  resource_group_name = azurerm_resource_group.this.name
  location            = "northeurope"
  sku                 = "PerGB2018"
  retention_in_days   = 30
}`,
      pass: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = "westeurope"
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

  spark_config {
    content  = <<-EOT
      spark.synapse.logAnalytics.enabled true
      spark.synapse.logAnalytics.workspaceId \${azurerm_log_analytics_workspace.this.workspace_id}
    EOT
    filename = "spark-defaults.conf"
  }
}

resource "azurerm_log_analytics_workspace" "this" {
  name                = "log-sales-prod"
  resource_group_name = azurerm_resource_group.this.name
  location            = "westeurope"
  sku                 = "PerGB2018"
  retention_in_days   = 30
}`,
    },
    tags: ['azure', 'synapse', 'log-analytics'],
    securitySeverity: 2.0,
    precision: 'medium',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    for (const ws of synapse.workspaces) {
      if (synapse.dep(ws) !== true) continue;
      const wsRegion = knownString(ws, 'location');
      if (wsRegion === undefined) continue;
      for (const l of logs.loggingOf(ws)) {
        for (const law of l.laws.nodes) {
          const lawRegion = knownString(law, 'location');
          if (lawRegion === undefined || region(lawRegion) === region(wsRegion)) continue;
          yield { messageId: 'mismatch', data: { law: law.address, lawRegion, workspace: ws.address, pool: l.pool.address, wsRegion }, node: law, attribute: 'location', related: [ws, l.pool], detail: ws.address };
        }
      }
    }
  },
};
