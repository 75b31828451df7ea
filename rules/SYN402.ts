import type { Report, Rule } from '../src/engine/types.js';
import { knownString } from '../src/graph/values.js';
import { logModel } from '../src/model/logs.js';

/** `West Europe` and `westeurope` are the same region. */
function region(s: string): string {
  return s.toLowerCase().replace(/[\s_-]/g, '');
}

export const SYN402: Rule = {
  meta: {
    id: 'SYN402',
    name: 'log-analytics-region-mismatch',
    level: 'warning',
    summary: 'The Log Analytics workspace for Spark logs is in another region than the Synapse workspace',
    description:
      'Microsoft documents Spark logging with data exfiltration protection for a Log Analytics workspace in the same region as the Synapse workspace; the private endpoints of the AMPLS path are regional.',
    messages: {
      mismatch: '{law} is in {lawRegion}, but {workspace}, whose Spark pool {pool} logs to it, is in {wsRegion}',
    },
    fix: 'Send Spark logs to a Log Analytics workspace in the Synapse workspace\'s region.',
    tags: ['azure', 'synapse', 'log-analytics'],
    securitySeverity: 2.0,
    precision: 'medium',
  },
  *check({ synapse }): Generator<Report> {
    const logs = logModel(synapse);
    for (const ws of synapse.workspaces) {
      if (synapse.dep(ws) !== true) continue;
      const wsRegion = knownString(ws, 'location');
      if (wsRegion === undefined) continue;
      for (const l of logs.loggingOf(ws)) {
        for (const law of l.laws.nodes) {
          const lawRegion = knownString(law, 'location');
          if (lawRegion === undefined || region(lawRegion) === region(wsRegion)) continue;
          yield { messageId: 'mismatch', data: { law: law.address, lawRegion, workspace: ws.address, pool: l.pool.address, wsRegion }, node: law, attribute: 'location', related: [ws, l.pool], detail: ws.address };
        }
      }
    }
  },
};
