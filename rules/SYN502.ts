import type { Report, Rule } from '../src/engine/types.js';
import { knownString, read } from '../src/graph/values.js';

const SELF_HOSTED = 'azurerm_synapse_integration_runtime_self_hosted';

export const SYN502: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN502',
    name: 'external-linked-service',
    level: 'warning',
    summary: 'A linked service to a non-Azure endpoint without a self-hosted integration runtime under DEP',
    description:
      'Managed private endpoints reach Azure services and Private Link services only. Under data exfiltration protection, the managed-VNet integration runtime cannot reach other clouds, SaaS or on-premises endpoints (AmazonS3, RestService, Snowflake, Sftp...); a self-hosted integration runtime, outside the managed network, can.',
    messages: {
      external: '{service} is of type {type}, whose endpoint is outside Azure, and runs on {runtime}; under data exfiltration protection only a self-hosted integration runtime reaches it',
      unknownRuntime: '{service} is of type {type}, whose endpoint is outside Azure; its integration runtime could not be resolved, so whether it is self-hosted could not be checked',
      unknownType: '{service}: type is not known until apply, so whether its endpoint is outside Azure could not be checked; it is not known to run on a self-hosted integration runtime, the only kind that reaches such an endpoint under data exfiltration protection',
    },
    fix: 'Run the linked service on a self-hosted integration runtime (integration_runtime { name = azurerm_synapse_integration_runtime_self_hosted.x.name }).',
    snippet: `resource "azurerm_synapse_linked_service" "s3" {
  # ...
  integration_runtime {
    name = azurerm_synapse_integration_runtime_self_hosted.this.name
  }
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

resource "azurerm_synapse_linked_service" "s3" {
  name                 = "ls_s3_partner"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  type                 = "AmazonS3"
  type_properties_json = jsonencode({
    authenticationType = "AccessKey"
    accessKeyId        = "AKIAIOSFODNN7EXAMPLE"
    secretAccessKey = {
      type       = "AzureKeyVaultSecret"
      secretName = "partner-s3-secret-key"
      store      = { referenceName = "ls_key_vault", type = "LinkedServiceReference" }
    }
  })
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

resource "azurerm_synapse_linked_service" "s3" {
  name                 = "ls_s3_partner"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  type                 = "AmazonS3"
  type_properties_json = jsonencode({
    authenticationType = "AccessKey"
    accessKeyId        = "AKIAIOSFODNN7EXAMPLE"
    secretAccessKey = {
      type       = "AzureKeyVaultSecret"
      secretName = "partner-s3-secret-key"
      store      = { referenceName = "ls_key_vault", type = "LinkedServiceReference" }
    }
  })

  integration_runtime {
    name = azurerm_synapse_integration_runtime_self_hosted.this.name
  }
}`,
    },
    tags: ['azure', 'synapse', 'data-exfiltration', 'integration-runtime'],
    securitySeverity: 3.0,
    precision: 'medium',
  },
  // Stryker restore all
  *check({ synapse, catalog, graph }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const dep = synapse.dep(ws);
      if (dep === false) continue;
      for (const ls of synapse.pointingAt(ws, 'azurerm_synapse_linked_service', 'synapse_workspace_id')) {
        const typeValue = read(ls, 'type');
        const type = typeValue.state === 'known' && typeof typeValue.value === 'string' ? typeValue.value : undefined;
        // A type that is not known may be an external one: checked on, to a note unless the runtime is self-hosted (SPEC §4).
        if (typeValue.state !== 'unknown' && (type === undefined || !catalog.isExternalLinkedService(type))) continue;
        const refs = (ls.refs.get('integration_runtime.name') ?? []).map((r) => graph.node(r.target)).filter((n) => n !== undefined);
        if (refs.some((n) => n.type === SELF_HOSTED)) continue;
        const name = read(ls, 'integration_runtime.name');
        const runtimeName = name.state === 'known' ? String(name.value) : undefined;
        const selfHostedByName = runtimeName !== undefined && graph.ofType(SELF_HOSTED).some((n) => knownString(n, 'name') === runtimeName);
        if (selfHostedByName) continue;
        if (type === undefined) {
          yield { messageId: 'unknownType', data: { service: ls.address }, node: ls, attribute: 'type', related: [ws], kind: 'open' };
          continue;
        }
        const runtime = refs[0]?.address ?? (runtimeName !== undefined ? `integration runtime "${runtimeName}"` : 'the default AutoResolveIntegrationRuntime');
        const base = { service: ls.address, type };
        if (name.state === 'unknown' && refs.length === 0) yield { messageId: 'unknownRuntime', data: base, node: ls, kind: 'open' };
        else if (dep === 'unknown') yield { messageId: 'external', data: { ...base, runtime }, node: ls, kind: 'open' };
        else yield { messageId: 'external', data: { ...base, runtime }, node: ls, attribute: 'type', related: [ws, ...refs] };
      }
    }
  },
};
