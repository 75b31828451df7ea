import type { Report, Rule } from '../src/engine/types.js';
import type { Path } from '../src/graph/types.js';

const FORCE_NEW_NETWORK = new Set(['data_exfiltration_protection_enabled', 'managed_virtual_network_enabled']);

function pathText(path: Path): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

export const SYN103: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN103',
    name: 'workspace-replaced',
    level: 'error',
    summary: 'The plan destroys and recreates a Synapse workspace',
    description:
      'Replacing a Synapse workspace deletes its pools, linked services, managed private endpoints, notebooks and pipelines, and its managed identity gets a new principal ID. Data exfiltration protection and the managed virtual network are ForceNew: changing either is a replacement.',
    messages: {
      replacedNetwork: '{workspace} will be destroyed and recreated because {paths} changed; data exfiltration protection and the managed virtual network can only be set when a workspace is created',
      replaced: '{workspace} will be destroyed and recreated because {paths} changed',
      replacedNoPath: '{workspace} will be destroyed and recreated (the plan gives no attribute as the cause; tainted or replaced on request)',
    },
    fix: 'Do not change ForceNew attributes of a live workspace. To change DEP or the managed virtual network, create a new workspace and migrate to it.',
    snippet: `resource "azurerm_synapse_workspace" "this" {
  # ...
  lifecycle {
    prevent_destroy = true # a plan that would replace the workspace fails instead
  }
}`,
    tags: ['azure', 'synapse', 'destructive-change'],
    securitySeverity: 6.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse }): Generator<Report> {
    for (const ws of synapse.workspaces) {
      const actions = ws.change?.actions ?? [];
      if (!(actions.includes('delete') || actions.includes('forget')) || !actions.includes('create')) continue;
      let paths = ws.change?.replacePaths ?? [];
      // A plan without replace_paths (before Terraform 0.15): a network setting whose value changed is the cause.
      if (paths.length === 0) paths = (ws.change?.changed ?? []).filter((a) => FORCE_NEW_NETWORK.has(a)).map((a) => [a]);
      const names = [...new Set(paths.map(pathText))].sort();
      const data = { workspace: ws.address, paths: names.join(', ') };
      const network = paths.some((p) => FORCE_NEW_NETWORK.has(String(p[0])));
      const messageId = names.length === 0 ? 'replacedNoPath' : network ? 'replacedNetwork' : 'replaced';
      yield { messageId, data, node: ws, ...(network ? { attribute: 'data_exfiltration_protection_enabled' } : {}) };
    }
  },
};
