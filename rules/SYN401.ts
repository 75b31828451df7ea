import type { Report, Rule } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import { read } from '../src/graph/values.js';
import { logModel } from '../src/model/logs.js';

export const SYN401: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN401',
    name: 'log-analytics-without-ampls',
    level: 'error',
    summary: 'Spark sends logs to Log Analytics without an Azure Monitor Private Link Scope path',
    description:
      'Under data exfiltration protection, Spark reaches Log Analytics only through an Azure Monitor Private Link Scope (AMPLS): the Log Analytics workspace must be scoped into an AMPLS (azurerm_monitor_private_link_scoped_service), and the Synapse workspace needs a managed private endpoint to that AMPLS with subresource azuremonitor. Otherwise the logs never arrive.',
    messages: {
      notScoped: '{pool} sends Spark logs to {law}, which is in no Azure Monitor Private Link Scope; under data exfiltration protection the logs cannot reach it',
      noEndpoint: '{pool} sends Spark logs to {law} through {ampls}, but {workspace} has no managed private endpoint to it with subresource "azuremonitor"',
      unknownLaw: '{pool} sends Spark logs to Log Analytics, but the Log Analytics workspace it names could not be resolved, so the AMPLS path could not be checked',
      unknownConf: '{pool}: spark_config is not known until apply, so whether it sends logs to Log Analytics could not be checked',
      unknownSub: '{pool} sends Spark logs to {law} through {ampls}; the subresource_name of the managed private endpoint of {workspace} to it is not known until apply, so whether it is "azuremonitor" could not be checked',
      dep: '{pool} sends Spark logs to {law} without a complete AMPLS path (this matters if {workspace} has data exfiltration protection, which is not known until apply)',
      conditional: '{pool} may send Spark logs to {law} without a complete AMPLS path: its spark_config sets them under a condition not known until apply',
    },
    fix: 'Scope the Log Analytics workspace into an AMPLS, create a managed private endpoint from the Synapse workspace to the AMPLS with subresource_name = "azuremonitor", and approve it.',
    snippet: `resource "azurerm_monitor_private_link_scoped_service" "law" {
  name                = "law"
  resource_group_name = azurerm_resource_group.this.name
  scope_name          = azurerm_monitor_private_link_scope.this.name
  linked_resource_id  = azurerm_log_analytics_workspace.this.id
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.this.id
  subresource_name     = "azuremonitor"
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

  spark_config {
    content  = <<-EOT
      spark.synapse.logAnalytics.enabled true
      spark.synapse.logAnalytics.workspaceId \${azurerm_log_analytics_workspace.this.workspace_id}
    EOT
    filename = "spark-defaults.conf"
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

resource "azurerm_monitor_private_link_scoped_service" "law" {
  name                = "law-sales-prod"
  resource_group_name = azurerm_resource_group.this.name
  scope_name          = azurerm_monitor_private_link_scope.this.name
  linked_resource_id  = azurerm_log_analytics_workspace.this.id
}

resource "azurerm_synapse_managed_private_endpoint" "ampls" {
  name                 = "mpe-ampls"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_monitor_private_link_scope.this.id
  subresource_name     = "azuremonitor"
}`,
    },
    tags: ['azure', 'synapse', 'log-analytics', 'private-link'],
    securitySeverity: 4.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      const open = dep === 'unknown';
      for (const l of logs.loggingOf(ws)) {
        const pool = l.pool.address;
        // A broken path is an error only when both DEP and the logs are sure.
        const maybe = (data: Record<string, string>, related: GraphNode[]): Report | undefined =>
          open
            ? { messageId: 'dep', data, node: l.pool, related, kind: 'open' }
            : l.conditional
              ? { messageId: 'conditional', data, node: l.pool, attribute: 'spark_config', related, kind: 'open' }
              : undefined;
        if (l.enabled === 'unknown') {
          yield { messageId: 'unknownConf', data: { pool }, node: l.pool, attribute: 'spark_config', kind: 'open' };
          continue;
        }
        if (l.laws.nodes.length === 0) {
          yield { messageId: 'unknownLaw', data: { pool }, node: l.pool, attribute: 'spark_config', kind: 'open' };
          continue;
        }
        for (const law of l.laws.nodes) {
          const scopes = logs.scopesOf(law);
          const base = { pool, law: law.address, workspace: ws.address };
          if (scopes.length === 0) {
            yield maybe(base, [law, ws]) ?? { messageId: 'notScoped', data: base, node: l.pool, attribute: 'spark_config', related: [law, ws] };
            continue;
          }
          // An endpoint to the scope whose subresource is not known may be the azuremonitor one: a note, never a pass (SPEC §4).
          let unknownSub = false;
          const reached = scopes.some((a) =>
            synapse.endpointsOf(ws).some((e) => {
              if (!e.target.nodes.includes(a)) return false;
              const sub = read(e.node, 'subresource_name');
              if (sub.state === 'unknown') unknownSub = true;
              return sub.state === 'known' && String(sub.value).toLowerCase() === 'azuremonitor';
            }),
          );
          if (reached) continue;
          const data = { ...base, ampls: scopes.map((a) => a.address).join(', ') };
          if (unknownSub) {
            yield { messageId: 'unknownSub', data, node: l.pool, attribute: 'spark_config', related: [law, ws, ...scopes], kind: 'open' };
            continue;
          }
          yield maybe(data, [law, ws, ...scopes]) ?? { messageId: 'noEndpoint', data, node: l.pool, attribute: 'spark_config', related: [law, ws, ...scopes] };
        }
      }
    }
  },
};
