/** Terraform traversal strings: `azurerm_x.y["k"].identity[0].principal_id`. */
import type { Key } from './types.js';

export type Step = { readonly kind: 'attr'; readonly name: string } | { readonly kind: 'index'; readonly key: Key };

/** Splits a traversal into steps; returns undefined for text that is not one. */
export function parseTraversal(text: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '.') {
      if (steps.length === 0) return undefined;
      i++;
      continue;
    }
    if (c === '[') {
      const close = findIndexEnd(text, i);
      // Stryker disable next-line EqualityOperator: close is -1 or past the '[' (at least 1), never 0
      if (close < 0) return undefined;
      const inner = text.slice(i + 1, close);
      const key = parseKey(inner);
      if (key === undefined) return undefined;
      steps.push({ kind: 'index', key });
      i = close + 1;
      continue;
    }
    let j = i;
    // Stryker disable next-line EqualityOperator: with j <= n, text[n] is undefined and slice(i, n + 1) is slice(i, n)
    while (j < n && text[j] !== '.' && text[j] !== '[') j++;
    const name = text.slice(i, j);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$|^\*$/.test(name)) return undefined;
    steps.push({ kind: 'attr', name });
    i = j;
  }
  return steps;
}

function findIndexEnd(text: string, open: number): number {
  let i = open + 1;
  if (text[i] === '"') {
    i++;
    // Stryker disable next-line EqualityOperator: one more step past the end changes nothing: indexOf from there finds no ']' either way
    while (i < text.length) {
      if (text[i] === '\\') i += 2;
      else if (text[i] === '"') break;
      else i++;
    }
    i++;
  }
  return text.indexOf(']', i);
}

function parseKey(inner: string): Key | undefined {
  if (/^\d+$/.test(inner)) return Number(inner);
  // Stryker disable next-line ConditionalExpression: the only shorter text starting and ending with '"' is '"', which JSON.parse rejects
  if (inner.startsWith('"') && inner.endsWith('"') && inner.length >= 2) {
    try {
      const v: unknown = JSON.parse(inner);
      // Stryker disable next-line ConditionalExpression: JSON text that starts and ends with '"' is a string
      return typeof v === 'string' ? v : undefined;
    }
    // Stryker disable next-line BlockStatement: an empty catch falls through to the same return undefined below
    catch {
      return undefined;
    }
  }
  // A non-constant index (each.key): Terraform writes it only in .tf text, never in plan references.
  return undefined;
}

/** Renders an instance key the way Terraform writes addresses: `[0]`, `["k"]`. */
export function formatKey(key: Key): string {
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Renders steps back to text. */
export function formatSteps(steps: readonly Step[]): string {
  let out = '';
  for (const s of steps) {
    if (s.kind === 'index') out += formatKey(s.key);
    else out += out === '' ? s.name : `.${s.name}`;
  }
  return out;
}

/** A traversal of names only (`azurerm_x.y.id`, `module.a.t.n`): no keys, so nothing to parse out of it. */
export const NAMES_ONLY = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** A traversal of names and number keys only (`module.a[0].t.n[1]`): its keys are removed without parsing it. */
const NUMBER_KEYS_ONLY = /^[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*$/;

/** Removes module and resource instance keys: `module.a["x"].t.n[0]` -> `module.a.t.n`, and the [*] of a deferred instance. */
export function stripKeys(address: string): string {
  if (address === '' || NAMES_ONLY.test(address)) return address; // no keys: nothing to remove
  if (address.includes('[*]')) return stripKeys(address.replaceAll('[*]', '')); // a deferred instance whose key is not known yet
  if (NUMBER_KEYS_ONLY.test(address)) return address.replace(/\[\d+\]/g, ''); // the usual counted address
  const steps = parseTraversal(address);
  if (!steps) return address;
  return formatSteps(steps.filter((s) => s.kind === 'attr'));
}
