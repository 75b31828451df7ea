import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';
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
      mismatchDep: '{law} is in {lawRegion}, but {workspace}, whose Spark pool {pool} logs to it, is in {wsRegion} (this matters if {workspace} has data exfiltration protection, which is not known until apply)',
      unknownLawRegion: '{law}: location is not known until apply, so whether it is in the region of {workspace} ({wsRegion}), whose Spark pool {pool} logs to it, could not be checked',
      undeclaredLaw: '{law} is not declared in the input, so whether it is in the region of {workspace} ({wsRegion}), whose Spark pool {pool} logs to it, could not be checked',
      unknownWsRegion: '{workspace}: location is not known until apply, so whether {law}, to which its Spark pool {pool} sends logs, is in the same region could not be checked',
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
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      const wsLocation = read(ws, 'location');
      for (const l of logs.loggingOf(ws)) {
        for (const law of l.laws.nodes) {
          const base = { law: law.address, workspace: ws.address, pool: l.pool.address };
          const related = [ws, l.pool];
          const detail = ws.address;
          // A region that is not known may be either: a note, never a pass (SPEC §4).
          if (wsLocation.state === 'unknown') {
            yield { messageId: 'unknownWsRegion', data: base, node: law, related, detail, kind: 'open' };
            continue;
          }
          if (wsLocation.state !== 'known' || typeof wsLocation.value !== 'string') continue;
          const wsRegion = wsLocation.value;
          if (!law.declared) {
            yield { messageId: 'undeclaredLaw', data: { ...base, wsRegion }, node: law, related, detail, kind: 'open' };
            continue;
          }
          const lawLocation = read(law, 'location');
          if (lawLocation.state === 'unknown') {
            yield { messageId: 'unknownLawRegion', data: { ...base, wsRegion }, node: law, attribute: 'location', related, detail, kind: 'open' };
            continue;
          }
          if (lawLocation.state !== 'known' || typeof lawLocation.value !== 'string') continue;
          const lawRegion = lawLocation.value;
          if (region(lawRegion) === region(wsRegion)) continue;
          const data = { ...base, lawRegion, wsRegion };
          yield dep === true
            ? { messageId: 'mismatch', data, node: law, attribute: 'location', related, detail }
            : { messageId: 'mismatchDep', data, node: law, attribute: 'location', related, detail, kind: 'open' };
        }
      }
    }
  },
};
