/** Help text for a rule, the same in SARIF, --explain and the docs pages. */
import type { Rule } from '../engine/types.js';

export const TOOL_URI = 'https://github.com/synapse-lint/synapse-lint';

export function ruleHelpUri(id: string): string {
  return `${TOOL_URI}/blob/main/docs/rules/${id}.md`;
}

export function ruleHelpText(rule: Rule): string {
  const m = rule.meta;
  return `${m.description}\n\nFix: ${m.fix}${m.snippet ? `\n\n${m.snippet}` : ''}`;
}

export function ruleHelpMarkdown(rule: Rule): string {
  const m = rule.meta;
  return `**${m.id} ${m.name}**: ${m.summary}.\n\n${m.description}\n\n**Fix:** ${m.fix}${m.snippet ? `\n\n\`\`\`hcl\n${m.snippet}\n\`\`\`` : ''}\n\n[Rule documentation](${ruleHelpUri(m.id)})`;
}
