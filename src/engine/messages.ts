/** Messages are chosen by ID and filled with data; a rule never builds a sentence inline. */
import type { RuleMeta } from './types.js';

export class RuleDefinitionError extends Error {}

/** A template split at its placeholders: text, name, text, ..., text. Templates are few and used for every finding. */
const compiled = new Map<string, readonly string[]>();

function parts(template: string): readonly string[] {
  let p = compiled.get(template);
  if (!p) compiled.set(template, (p = template.split(/\{(\w+)\}/)));
  return p;
}

export function formatMessage(meta: RuleMeta, messageId: string, data: Readonly<Record<string, string | number>> = {}): string {
  if (!Object.prototype.hasOwnProperty.call(meta.messages, messageId)) {
    throw new RuleDefinitionError(`${meta.id}: unknown message ID "${messageId}"`);
  }
  const p = parts(meta.messages[messageId]!);
  let out = p[0]!;
  for (let i = 1; i < p.length; i += 2) {
    const name = p[i]!;
    if (!Object.prototype.hasOwnProperty.call(data, name)) {
      throw new RuleDefinitionError(`${meta.id}: message "${messageId}" needs "${name}"`);
    }
    out += String(data[name]) + p[i + 1]!;
  }
  return out;
}

/** Placeholders a template uses, for the rule-definition tests. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
