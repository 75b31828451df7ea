/** Messages are chosen by ID and filled with data; a rule never builds a sentence inline. */
import type { RuleMeta } from './types.js';

export class RuleDefinitionError extends Error {}

export function formatMessage(meta: RuleMeta, messageId: string, data: Readonly<Record<string, string | number>> = {}): string {
  if (!Object.prototype.hasOwnProperty.call(meta.messages, messageId)) {
    throw new RuleDefinitionError(`${meta.id}: unknown message ID "${messageId}"`);
  }
  const template = meta.messages[messageId]!;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) {
      throw new RuleDefinitionError(`${meta.id}: message "${messageId}" needs "${name}"`);
    }
    return String(data[name]);
  });
}

/** Placeholders a template uses, for the rule-definition tests. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
