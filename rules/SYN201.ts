import type { Report, Rule } from '../src/engine/types.js';
import type { GraphNode } from '../src/graph/types.js';
import { depOpen, describeUse, findingNode } from './lib/endpoints.js';

export const SYN201: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN201',
    name: 'missing-private-endpoint',
    level: 'error',
    summary: 'A data store the workspace uses has no managed private endpoint',
    description:
      'Under data exfiltration protection, Spark pools and the managed-VNet integration runtime reach nothing but approved managed private endpoints. A store the workspace uses (its default Data Lake, a linked service, a role assignment, a Key Vault policy, a Spark setting) without one fails at run time with a connection time-out.',
    messages: {
      missing: '{workspace} uses {store} ({uses}) but has no managed private endpoint to it: under data exfiltration protection, Spark cannot reach it',
      missingDep: '{workspace} uses {store} ({uses}) and has no managed private endpoint to it; if data exfiltration protection is on (not known until apply), Spark cannot reach it',
      maybe: '{workspace} uses {store} ({uses}); no managed private endpoint of the workspace is known to target it, but {unknown} has a target that is not known until apply',
      maybeWorkspace: '{workspace} uses {store} ({uses}); no managed private endpoint of the workspace is known to target it, but {unknown} targets it and its workspace is not known until apply',
      maybeNamed: '{workspace} uses {store} ({uses}); no managed private endpoint of the workspace is known to target it, but the name of {targets} (targeted by {unknown}) is not known until apply and may be it',
      unresolved: '{workspace} uses a store that could not be resolved: {what}; make sure it has a managed private endpoint',
    },
    fix: 'Add an azurerm_synapse_managed_private_endpoint from the workspace to the store, with the subresource its use needs, and approve it on the store.',
    snippet: `resource "azurerm_synapse_managed_private_endpoint" "lake_dfs" {
  name                 = "mpe-lake-dfs"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  target_resource_id   = azurerm_storage_account.lake.id
  subresource_name     = "dfs"
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
      const endpoints = synapse.endpointsOf(ws);
      const unknownTargets = synapse.unknownTargetEndpointsOf(ws);
      const byStore = new Map<GraphNode, ReturnType<typeof synapse.usesOf>[number][]>();
      for (const use of synapse.usesOf(ws)) {
        if (!use.store) {
          if (use.unresolved) {
            yield { messageId: 'unresolved', data: { workspace: ws.address, what: use.unresolved }, node: use.user, attribute: use.attribute, kind: 'open', detail: `unresolved:${use.kind}` };
          }
          continue;
        }
        const l = byStore.get(use.store) ?? [];
        l.push(use);
        byStore.set(use.store, l);
      }
      for (const [store, uses] of byStore) {
        if (endpoints.some((e) => e.target.nodes.includes(store)) || synapse.outside(store).endpoints) continue;
        const first = uses[0]!;
        const node = findingNode(store, first.user);
        const data = { workspace: ws.address, store: store.address, uses: describeUse(uses) };
        const related = [ws, ...uses.map((u) => u.user), ...(store === node ? [] : [store])];
        const detail = `${ws.address}`;
        // An endpoint to a resource of the store's type whose name is not known (for_each over names) may be to this store.
        const named = endpoints.filter((e) => e.target.nodes.some((t) => synapse.mayBe(t, store)));
        // An endpoint to the store whose workspace is not known may be this workspace's.
        const ofUnknownWorkspace = synapse.unknownWorkspaceEndpointsTo(store);
        if (unknownTargets.length > 0) {
          yield { messageId: 'maybe', data: { ...data, unknown: unknownTargets.map((e) => e.node.address).join(', ') }, node, related, kind: 'open', detail };
        } else if (named.length > 0) {
          const targets = [...new Set(named.flatMap((e) => e.target.nodes.filter((t) => synapse.mayBe(t, store)).map((t) => t.address)))].sort();
          yield { messageId: 'maybeNamed', data: { ...data, unknown: named.map((e) => e.node.address).join(', '), targets: targets.join(', ') }, node, related, kind: 'open', detail };
        } else if (ofUnknownWorkspace.length > 0) {
          const maybe = ofUnknownWorkspace.map((e) => e.node);
          yield { messageId: 'maybeWorkspace', data: { ...data, unknown: maybe.map((n) => n.address).join(', ') }, node, related: [...related, ...maybe], kind: 'open', detail };
        } else if (depOpen(dep)) {
          yield { messageId: 'missingDep', data, node, related, kind: 'open', detail };
        } else {
          yield { messageId: 'missing', data, node, related, detail, ...(node === first.user ? { attribute: first.attribute } : {}) };
        }
      }
    }
  },
};
