import type { Report, Rule } from '../src/engine/types.js';
import { logModel } from '../src/model/logs.js';
import { servedScopes } from './lib/ampls.js';

const LIMIT = 10;

export const SYN404: Rule = {
  meta: {
    id: 'SYN404',
    name: 'ampls-endpoint-limit',
    level: 'warning',
    summary: 'More than 10 private endpoints target one AMPLS',
    description:
      'An Azure Monitor Private Link Scope connects to at most 10 private endpoints. Each Synapse workspace\'s managed private endpoint to it counts, as does every azurerm_private_endpoint; the eleventh fails to connect.',
    messages: {
      over: '{ampls} is the target of {count} private endpoints ({endpoints}); an AMPLS connects to at most 10',
    },
    fix: 'Spread the workspaces over several AMPLS, or share one network path: at most 10 private endpoints per scope.',
    tags: ['azure', 'synapse', 'log-analytics', 'limits'],
    securitySeverity: 2.0,
    precision: 'high',
  },
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    for (const ampls of servedScopes(synapse).keys()) {
      const endpoints = logs.endpointsTo(ampls);
      if (endpoints.length <= LIMIT) continue;
      const names = endpoints.map((e) => e.address).sort();
      yield { messageId: 'over', data: { ampls: ampls.address, count: endpoints.length, endpoints: names.join(', ') }, node: ampls, related: endpoints };
    }
  },
};
