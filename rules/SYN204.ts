import type { Report, Rule } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import { knownString, read } from '../src/graph/values.js';
import type { StoreUse } from '../src/model/synapse.js';
import { describeUse, findingNode } from './lib/endpoints.js';

export const SYN204: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN204',
    name: 'missing-subresource',
    level: 'error',
    summary: 'The store has managed private endpoints, but none with the subresource its use needs',
    description:
      'A managed private endpoint reaches one Private Link group (subresource) of its target. The default Data Lake needs `dfs` (and `blob` for many Spark and pipeline operations); each linked service type needs its own group (AzureBlobFS dfs, AzureBlobStorage blob, AzureSqlDatabase sqlServer...). An endpoint to the wrong group does not carry the traffic.',
    messages: {
      missing: '{workspace} uses {store} ({uses}), which needs subresource "{group}", but its managed private endpoints to it have only {have}',
      open: '{workspace} uses {store} ({uses}), which needs subresource "{group}"; {unknown} has a subresource_name that is not known until apply',
      openWorkspace: '{workspace} uses {store} ({uses}), which needs subresource "{group}"; its managed private endpoints to it have only {have}, but {unknown} may have it and its workspace is not known until apply',
      missingDep: '{workspace} uses {store} ({uses}), which needs subresource "{group}", but its managed private endpoints to it have only {have}; this matters if data exfiltration protection is on (not known until apply)',
    },
    fix: 'Add a managed private endpoint to the store with the missing subresource_name (one endpoint per subresource).',
    snippet: `resource "azurerm_synapse_managed_private_endpoint" "lake_blob" {
  name                 = "mpe-lake-blob"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "blob"
}`,
    examples: {
      fail: `resource "azurerm_storage_data_lake_gen2_filesystem" "this" {
  name               = "synapse"
  storage_account_id = azurerm_storage_account.lake.id
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_synapse_managed_private_endpoint" "lake_blob" {
  name                 = "mpe-lake-blob"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "blob"
}`,
      pass: `resource "azurerm_storage_data_lake_gen2_filesystem" "this" {
  name               = "synapse"
  storage_account_id = azurerm_storage_account.lake.id
}

resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
}

resource "azurerm_synapse_managed_private_endpoint" "lake_blob" {
  name                 = "mpe-lake-blob"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "blob"
}

resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
}`,
    },
    tags: ['azure', 'synapse', 'data-exfiltration', 'private-link'],
    securitySeverity: 5.0,
    precision: 'high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      const needs = new Map<string, { store: GraphNode; group: string; level: 'error' | 'warning'; uses: StoreUse[] }>();
      for (const use of synapse.usesOf(ws)) {
        if (!use.store || !use.group) continue;
        const key = `${use.store.address}\u0000${use.group.toLowerCase()}`;
        const prev = needs.get(key);
        if (prev) {
          prev.uses.push(use);
          if (use.severity === 'error') prev.level = 'error';
        } else needs.set(key, { store: use.store, group: use.group, level: use.severity, uses: [use] });
      }
      for (const need of needs.values()) {
        if (synapse.outside(need.store).endpoints) continue;
        const to = synapse.endpointsOf(ws).filter((e) => e.target.nodes.includes(need.store));
        if (to.length === 0) continue; // no endpoint at all is SYN201
        const groups = to.map((e) => ({ e, sub: read(e.node, 'subresource_name') }));
        if (groups.some((g) => g.sub.state === 'known' && typeof g.sub.value === 'string' && g.sub.value.toLowerCase() === need.group.toLowerCase())) continue;
        const node = findingNode(need.store, need.uses[0]!.user);
        const have = [...new Set(groups.map((g) => knownString(g.e.node, 'subresource_name')).filter((s): s is string => s !== undefined))].sort();
        const data = {
          workspace: ws.address,
          store: need.store.address,
          uses: describeUse(need.uses),
          group: need.group,
          have: have.length > 0 ? have.map((h) => `"${h}"`).join(', ') : 'none known',
        };
        const related = [ws, ...to.map((e) => e.node), ...need.uses.map((u) => u.user)];
        const detail = `${ws.address}:${need.group}`;
        const unknown = groups.filter((g) => g.sub.state === 'unknown');
        // An endpoint to the store whose workspace is not known may be this workspace's, with the subresource it needs.
        const maybe = synapse.unknownWorkspaceEndpointsTo(need.store).filter((e) => {
          const sub = read(e.node, 'subresource_name');
          return sub.state === 'unknown' || (sub.state === 'known' && typeof sub.value === 'string' && sub.value.toLowerCase() === need.group.toLowerCase());
        });
        if (unknown.length > 0) {
          yield { messageId: 'open', data: { ...data, unknown: unknown.map((g) => g.e.node.address).join(', ') }, node, related, kind: 'open', detail };
        } else if (maybe.length > 0) {
          yield { messageId: 'openWorkspace', data: { ...data, unknown: maybe.map((e) => e.node.address).join(', ') }, node, related: [...related, ...maybe.map((e) => e.node)], kind: 'open', detail };
        } else if (dep === 'unknown') {
          yield { messageId: 'missingDep', data, node, related, kind: 'open', detail };
        } else {
          yield { messageId: 'missing', data, node, related, level: need.level, detail };
        }
      }
    }
  },
};
