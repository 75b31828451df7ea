import type { Report, Rule } from '../src/engine/types.js';
import { read } from '../src/graph/values.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SYN105: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN105',
    name: 'invalid-tenant-allowlist',
    level: 'warning',
    summary: 'The list of Entra tenants endpoints may link to is malformed or has no effect',
    description:
      'linking_allowed_for_aad_tenant_ids lists the Microsoft Entra tenants whose resources managed private endpoints may target. The provider does not check the entries, so a tenant name or a typo is accepted and then blocks the endpoints; and the list only means something with data exfiltration protection.',
    messages: {
      notUuid: '{workspace}: linking_allowed_for_aad_tenant_ids has {entry}, which is not a tenant ID (a UUID)',
      withoutDep: '{workspace} sets linking_allowed_for_aad_tenant_ids but has no data exfiltration protection, where the list has no effect',
      listUnknown: '{workspace}: linking_allowed_for_aad_tenant_ids is not known until apply, so whether its entries are tenant IDs (UUIDs) could not be checked',
      listUnknownWithoutDep: '{workspace} has no data exfiltration protection and its linking_allowed_for_aad_tenant_ids is not known until apply, so whether the list is set where it has no effect, and whether its entries are tenant IDs (UUIDs), could not be checked',
      bothUnknown: '{workspace}: neither linking_allowed_for_aad_tenant_ids nor data_exfiltration_protection_enabled is known until apply, so whether the list has any effect, and whether its entries are tenant IDs (UUIDs), could not be checked',
      entryUnknown: '{workspace}: linking_allowed_for_aad_tenant_ids[{index}] is not known until apply, so whether it is a tenant ID (a UUID) could not be checked',
      depUnknown: '{workspace} sets linking_allowed_for_aad_tenant_ids, but data_exfiltration_protection_enabled is not known until apply, so whether the list has any effect could not be checked',
    },
    fix: 'List tenant IDs (UUIDs), and only on a workspace with data exfiltration protection.',
    snippet: `  linking_allowed_for_aad_tenant_ids = ["72f988bf-86f1-41af-91ab-2d7cd011db47"]`,
    examples: {
      fail: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
  linking_allowed_for_aad_tenant_ids   = ["contoso.onmicrosoft.com"]
}`,
      pass: `resource "azurerm_synapse_workspace" "this" {
  name                                 = "syn-sales-prod"
  resource_group_name                  = azurerm_resource_group.this.name
  location                             = azurerm_resource_group.this.location
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.this.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = true
  public_network_access_enabled        = false
  linking_allowed_for_aad_tenant_ids   = ["72f988bf-86f1-41af-91ab-2d7cd011db47"]
}`,
    },
    tags: ['azure', 'synapse', 'data-exfiltration', 'tenants'],
    securitySeverity: 3.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    const attribute = 'linking_allowed_for_aad_tenant_ids';
    const depAttribute = 'data_exfiltration_protection_enabled';
    for (const ws of synapse.workspaces) {
      const workspace = ws.address;
      const v = read(ws, attribute);
      const dep = synapse.dep(ws);
      if (v.state === 'unknown') {
        const messageId = dep === 'unknown' ? 'bothUnknown' : dep ? 'listUnknown' : 'listUnknownWithoutDep';
        yield { messageId, data: { workspace }, node: ws, attribute, kind: 'open' };
      }
      if (v.state !== 'known' || !Array.isArray(v.value) || v.value.length === 0) continue;
      for (const [index, entry] of v.value.entries()) {
        if (read(ws, [attribute, index]).state === 'unknown') {
          yield { messageId: 'entryUnknown', data: { workspace, index }, node: ws, attribute, kind: 'open' };
        } else if (typeof entry === 'string' && !UUID.test(entry)) {
          yield { messageId: 'notUuid', data: { workspace, entry: v.sensitive ? '(sensitive value)' : `"${entry}"` }, node: ws, attribute, detail: entry };
        }
      }
      if (dep === false) yield { messageId: 'withoutDep', data: { workspace }, node: ws, attribute };
      else if (dep === 'unknown') yield { messageId: 'depUnknown', data: { workspace }, node: ws, attribute: depAttribute, kind: 'open' };
    }
  },
};
