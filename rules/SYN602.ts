import type { Report, Rule } from '../src/engine/types.js';
import { knownString, read } from '../src/graph/values.js';

export const SYN602: Rule = {
  // Stryker disable all: the metadata is documentation, checked against the docs pages by the docs tests.
  meta: {
    id: 'SYN602',
    name: 'firewall-allows-all',
    level: 'warning',
    summary: 'A workspace firewall rule allows every IPv4 address',
    description:
      'A firewall rule from 0.0.0.0 to 255.255.255.255 opens the workspace\'s public endpoints to the whole internet; it is often left from a quick test. (0.0.0.0 to 0.0.0.0, AllowAllWindowsAzureIps, is a different, narrower rule.)',
    messages: {
      all: '{rule} allows every IPv4 address (0.0.0.0 to 255.255.255.255) to reach {workspace}',
      unknown: '{rule}: {what} is not known until apply, so whether it allows every IPv4 address (0.0.0.0 to 255.255.255.255) to reach {workspace} could not be checked',
    },
    fix: 'Allow only the ranges that need the workspace, or disable public network access.',
    snippet: `resource "azurerm_synapse_firewall_rule" "office" {
  name                 = "office"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  start_ip_address     = "203.0.113.0"
  end_ip_address       = "203.0.113.255"
}`,
    examples: {
      fail: `resource "azurerm_synapse_firewall_rule" "allow_all" {
  name                 = "AllowAll"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  start_ip_address     = "0.0.0.0"
  end_ip_address       = "255.255.255.255"
}`,
      pass: `resource "azurerm_synapse_firewall_rule" "office" {
  name                 = "office"
  synapse_workspace_id = azurerm_synapse_workspace.this.id
  start_ip_address     = "203.0.113.0"
  end_ip_address       = "203.0.113.255"
}`,
    },
    tags: ['azure', 'synapse', 'network'],
    securitySeverity: 6.0,
    precision: 'very-high',
  },
  // Stryker restore all
  *check({ synapse, graph }): Generator<Report> {
    for (const rule of graph.ofType('azurerm_synapse_firewall_rule')) {
      if (!rule.declared) continue;
      const start = read(rule, 'start_ip_address');
      const end = read(rule, 'end_ip_address');
      // A known bound other than 0.0.0.0 or 255.255.255.255 settles it whatever the other one is.
      if (start.state !== 'unknown' && knownString(rule, 'start_ip_address') !== '0.0.0.0') continue;
      if (end.state !== 'unknown' && knownString(rule, 'end_ip_address') !== '255.255.255.255') continue;
      const ws = synapse.pointsTo(rule, 'synapse_workspace_id').nodes.find((n) => n.type === 'azurerm_synapse_workspace');
      const base = { rule: rule.address, workspace: ws?.address ?? 'its workspace' };
      const related = ws ? { related: [ws] } : {};
      const unknown = [start.state === 'unknown' ? 'start_ip_address' : undefined, end.state === 'unknown' ? 'end_ip_address' : undefined].filter((a) => a !== undefined);
      if (unknown.length > 0) {
        const what = unknown.length === 2 ? 'the IP range (start_ip_address and end_ip_address)' : unknown[0]!;
        yield { messageId: 'unknown', data: { ...base, what }, node: rule, attribute: unknown[0]!, ...related, kind: 'open' };
        continue;
      }
      yield { messageId: 'all', data: base, node: rule, attribute: 'end_ip_address', ...related };
    }
  },
};
