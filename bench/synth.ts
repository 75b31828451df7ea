/**
 * Synthetic, format-faithful inputs of any size for the benchmark and the large-input tests:
 * groups of a DEP workspace with its Data Lake, a Key Vault, managed private endpoints,
 * approvals, a role assignment and a Spark pool; every seventh group has mistakes.
 */

const AZURERM = 'registry.terraform.io/hashicorp/azurerm';
const AZAPI = 'registry.terraform.io/azure/azapi';
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers';

/** Resources per group in the plan and in .tf. */
export const RESOURCES_PER_GROUP = 11;

interface Resource {
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly after: Record<string, unknown>;
  readonly unknown: Record<string, unknown>;
  readonly expressions: Record<string, unknown>;
  readonly dependsOn?: string[];
}

const ref = (address: string, attribute = 'id'): { references: string[] } => ({ references: [`${address}.${attribute}`, address] });
const constant = (v: unknown): { constant_value: unknown } => ({ constant_value: v });

function group(i: number): Resource[] {
  const bad = i % 7 === 3;
  const n = String(i).padStart(6, '0');
  const ws = `azurerm_synapse_workspace.ws${n}`;
  const lake = `azurerm_storage_account.lake${n}`;
  const fs = `azurerm_storage_data_lake_gen2_filesystem.fs${n}`;
  const kv = `azurerm_key_vault.kv${n}`;
  const mpe = (k: string): string => `azurerm_synapse_managed_private_endpoint.${k}${n}`;
  const lakeId = `${SUB}/Microsoft.Storage/storageAccounts/stlake${n}`;
  const out: Resource[] = [
    {
      type: 'azurerm_storage_account', name: `lake${n}`, provider: AZURERM,
      after: { name: `stlake${n}`, location: 'westeurope', resource_group_name: 'rg-data', account_tier: 'Standard', account_replication_type: 'ZRS', is_hns_enabled: true, public_network_access_enabled: false, tags: { group: n } },
      unknown: { id: true, primary_dfs_endpoint: true, primary_blob_endpoint: true, primary_access_key: true },
      expressions: { name: constant(`stlake${n}`), location: constant('westeurope'), resource_group_name: constant('rg-data'), account_tier: constant('Standard'), is_hns_enabled: constant(true) },
    },
    {
      type: 'azurerm_storage_data_lake_gen2_filesystem', name: `fs${n}`, provider: AZURERM,
      after: { name: 'synapse' }, unknown: { id: true, storage_account_id: true },
      expressions: { name: constant('synapse'), storage_account_id: ref(lake) },
    },
    {
      type: 'azurerm_key_vault', name: `kv${n}`, provider: AZURERM,
      after: { name: `kv-${n}`, location: 'westeurope', resource_group_name: 'rg-data', sku_name: 'standard', tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47', public_network_access_enabled: false },
      unknown: { id: true, vault_uri: true }, expressions: { name: constant(`kv-${n}`), sku_name: constant('standard') },
    },
    {
      type: 'azurerm_synapse_workspace', name: `ws${n}`, provider: AZURERM,
      after: {
        name: `syn-${n}`, location: 'westeurope', resource_group_name: 'rg-data', managed_virtual_network_enabled: true,
        data_exfiltration_protection_enabled: !bad, public_network_access_enabled: false, sql_administrator_login: 'sqladmin',
        sql_administrator_login_password: `Secret-${n}-Pw!`, identity: [{ type: 'SystemAssigned' }], tags: {},
      },
      unknown: { id: true, storage_data_lake_gen2_filesystem_id: true, identity: [{ principal_id: true, tenant_id: true }], connectivity_endpoints: true, managed_resource_group_name: true },
      expressions: {
        name: constant(`syn-${n}`), storage_data_lake_gen2_filesystem_id: ref(fs), managed_virtual_network_enabled: constant(true),
        data_exfiltration_protection_enabled: constant(!bad), identity: [{ type: constant('SystemAssigned') }],
      },
    },
    ...[['dfs', lake, 'dfs'], ['blob', lake, bad ? 'blobs' : 'blob'], ['vault', kv, 'vault']].map(([k, target, sub]) => ({
      type: 'azurerm_synapse_managed_private_endpoint', name: `${k}${n}`, provider: AZURERM,
      after: { name: `mpe-${k}-${n}`, subresource_name: sub }, unknown: { id: true, synapse_workspace_id: true, target_resource_id: true },
      expressions: { name: constant(`mpe-${k}-${n}`), synapse_workspace_id: ref(ws), target_resource_id: ref(target!), subresource_name: constant(sub) },
    })),
    ...(['dfs', 'blob'] as const).map((k) => ({
      type: 'azapi_update_resource', name: `approve_${k}${n}`, provider: AZAPI,
      after: { type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01', parent_id: lakeId },
      unknown: { id: true, name: true, output: true },
      expressions: { type: constant('Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01'), parent_id: ref(lake) },
      dependsOn: [mpe(k)],
    })),
    {
      type: 'azurerm_role_assignment', name: `kv_reader${n}`, provider: AZURERM,
      after: { role_definition_name: 'Key Vault Secrets User' }, unknown: { id: true, scope: true, principal_id: true },
      expressions: { role_definition_name: constant('Key Vault Secrets User'), scope: ref(kv), principal_id: { references: [`${ws}.identity[0].principal_id`, `${ws}.identity[0]`, `${ws}.identity`, ws] } },
    },
  ];
  return out;
}

/** A `terraform show -json` plan of `groups` groups, on one line as Terraform writes it. */
export function synthPlan(groups: number): string {
  const resources: Resource[] = [];
  for (let i = 0; i < groups; i++) resources.push(...group(i));
  const address = (r: Resource): string => `${r.type}.${r.name}`;
  resources.sort((a, b) => (address(a) < address(b) ? -1 : 1));
  const parts: string[] = [];
  parts.push('{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{"resources":[');
  parts.push(resources.map((r) => JSON.stringify({ address: address(r), mode: 'managed', type: r.type, name: r.name, provider_name: r.provider, schema_version: 0, values: r.after, sensitive_values: r.type === 'azurerm_synapse_workspace' ? { sql_administrator_login_password: true } : {} })).join(','));
  parts.push(']}},"resource_changes":[');
  parts.push(
    resources
      .map((r) =>
        JSON.stringify({
          address: address(r), mode: 'managed', type: r.type, name: r.name, provider_name: r.provider,
          change: { actions: ['create'], before: null, after: r.after, after_unknown: r.unknown, before_sensitive: false, after_sensitive: r.type === 'azurerm_synapse_workspace' ? { sql_administrator_login_password: true } : {} },
        }),
      )
      .join(','),
  );
  parts.push('],"configuration":{"provider_config":{"azurerm":{"name":"azurerm","full_name":"registry.terraform.io/hashicorp/azurerm"}},"root_module":{"resources":[');
  parts.push(
    resources
      .map((r) =>
        JSON.stringify({
          address: address(r), mode: 'managed', type: r.type, name: r.name, provider_config_key: r.provider === AZAPI ? 'azapi' : 'azurerm',
          expressions: r.expressions, schema_version: 0, ...(r.dependsOn ? { depends_on: r.dependsOn } : {}),
        }),
      )
      .join(','),
  );
  parts.push(']}}}\n');
  return parts.join('');
}

/**
 * A plan whose resources are counted: one DEP workspace, and `count` Data Lakes, each with an endpoint
 * and an approval that find theirs by `count.index`, as modules written with count do. 3 × count + 1 resources.
 */
export function synthCountedPlan(count: number): string {
  const change = (address: string, type: string, name: string, index: number | undefined, after: Record<string, unknown>, unknown: Record<string, unknown>, provider = AZURERM): string =>
    JSON.stringify({ address, mode: 'managed', type, name, ...(index !== undefined ? { index } : {}), provider_name: provider, change: { actions: ['create'], before: null, after, after_unknown: unknown, before_sensitive: false, after_sensitive: {} } });
  const changes: string[] = [change('azurerm_synapse_workspace.this', 'azurerm_synapse_workspace', 'this', undefined, { name: 'syn-counted', managed_virtual_network_enabled: true, data_exfiltration_protection_enabled: true }, { id: true })];
  for (let i = 0; i < count; i++) {
    changes.push(change(`azurerm_storage_account.lake[${i}]`, 'azurerm_storage_account', 'lake', i, { name: `stlake${i}`, is_hns_enabled: true }, { id: true }));
    changes.push(change(`azurerm_synapse_managed_private_endpoint.dfs[${i}]`, 'azurerm_synapse_managed_private_endpoint', 'dfs', i, { name: `mpe-dfs-${i}`, subresource_name: i % 7 === 3 ? 'blobs' : 'dfs' }, { id: true, synapse_workspace_id: true, target_resource_id: true }));
    changes.push(change(`azapi_update_resource.approve[${i}]`, 'azapi_update_resource', 'approve', i, { type: 'Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01' }, { id: true, name: true, parent_id: true, output: true }, AZAPI));
  }
  const byIndex = (address: string, attribute = 'id'): { references: string[] } => ({ references: [`${address}[count.index].${attribute}`, `${address}[count.index]`, address, 'count.index'] });
  const configuration = {
    root_module: {
      resources: [
        { address: 'azurerm_synapse_workspace.this', mode: 'managed', type: 'azurerm_synapse_workspace', name: 'this', expressions: { managed_virtual_network_enabled: { constant_value: true }, data_exfiltration_protection_enabled: { constant_value: true } } },
        { address: 'azurerm_storage_account.lake', mode: 'managed', type: 'azurerm_storage_account', name: 'lake', expressions: { name: { references: ['count.index'] } }, count_expression: { constant_value: count } },
        {
          address: 'azurerm_synapse_managed_private_endpoint.dfs', mode: 'managed', type: 'azurerm_synapse_managed_private_endpoint', name: 'dfs',
          expressions: { synapse_workspace_id: { references: ['azurerm_synapse_workspace.this.id', 'azurerm_synapse_workspace.this'] }, target_resource_id: byIndex('azurerm_storage_account.lake') },
          count_expression: { constant_value: count },
        },
        {
          address: 'azapi_update_resource.approve', mode: 'managed', type: 'azapi_update_resource', name: 'approve',
          expressions: { type: { constant_value: 'Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01' }, parent_id: byIndex('azurerm_storage_account.lake') },
          depends_on: ['azurerm_synapse_managed_private_endpoint.dfs'], count_expression: { constant_value: count },
        },
      ],
    },
  };
  return `{"format_version":"1.2","terraform_version":"1.9.5","resource_changes":[${changes.join(',')}],"configuration":${JSON.stringify(configuration)}}\n`;
}

/** A root module of .tf files (one per 50 groups) with `groups` groups. */
export function synthTf(groups: number): Map<string, string> {
  const files = new Map<string, string>();
  const perFile = 50;
  for (let f = 0; f * perFile < groups; f++) {
    const blocks: string[] = [];
    for (let i = f * perFile; i < Math.min(groups, (f + 1) * perFile); i++) {
      const bad = i % 7 === 3;
      const n = String(i).padStart(6, '0');
      blocks.push(`resource "azurerm_storage_account" "lake${n}" {
  name                     = "stlake\${var.env}${n}"
  location                 = var.location
  resource_group_name      = "rg-data"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
  is_hns_enabled           = true
}

resource "azurerm_storage_data_lake_gen2_filesystem" "fs${n}" {
  name               = "synapse"
  storage_account_id = azurerm_storage_account.lake${n}.id
}

resource "azurerm_key_vault" "kv${n}" {
  name                = "kv-${n}"
  location            = var.location
  resource_group_name = "rg-data"
  sku_name            = "standard"
  tenant_id           = var.tenant_id
}

resource "azurerm_synapse_workspace" "ws${n}" {
  name                                 = "syn-${n}"
  location                             = var.location
  resource_group_name                  = "rg-data"
  storage_data_lake_gen2_filesystem_id = azurerm_storage_data_lake_gen2_filesystem.fs${n}.id
  managed_virtual_network_enabled      = true
  data_exfiltration_protection_enabled = ${!bad}
  public_network_access_enabled        = false

  identity {
    type = "SystemAssigned"
  }
}
${[['dfs', `azurerm_storage_account.lake${n}`, 'dfs'], ['blob', `azurerm_storage_account.lake${n}`, bad ? 'blobs' : 'blob'], ['vault', `azurerm_key_vault.kv${n}`, 'vault']]
  .map(
    ([k, target, sub]) => `
resource "azurerm_synapse_managed_private_endpoint" "${k}${n}" {
  name                 = "mpe-${k}-${n}"
  synapse_workspace_id = azurerm_synapse_workspace.ws${n}.id
  target_resource_id   = ${target}.id
  subresource_name     = "${sub}"
}
`,
  )
  .join('')}${['dfs', 'blob']
        .map(
          (k) => `
resource "azapi_update_resource" "approve_${k}${n}" {
  type       = "Microsoft.Storage/storageAccounts/privateEndpointConnections@2023-05-01"
  parent_id  = azurerm_storage_account.lake${n}.id
  depends_on = [azurerm_synapse_managed_private_endpoint.${k}${n}]
  lifecycle {
    ignore_changes = all
  }
}
`,
        )
        .join('')}
resource "azurerm_role_assignment" "kv_reader${n}" {
  scope                = azurerm_key_vault.kv${n}.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_synapse_workspace.ws${n}.identity[0].principal_id
}
`);
    }
    files.set(`main${String(f).padStart(3, '0')}.tf`, blocks.join('\n'));
  }
  files.set(
    'variables.tf',
    `variable "env" {
  type    = string
  default = "prod"
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "tenant_id" {
  type    = string
  default = "72f988bf-86f1-41af-91ab-2d7cd011db47"
}
`,
  );
  return files;
}
