/** Reads fixture folders and compares what synapse-lint reports with what each case expects. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding, Level } from '../src/engine/types.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');

/** The shared corpus of real plans: beside the project (`../shared`), or beside a folder above it (a mutation-testing sandbox). */
export const CORPUS = ((): string => {
  for (let dir = ROOT; ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), 'shared', 'corpus', 'plans');
    if (existsSync(candidate) || path.dirname(dir) === dir) return candidate;
  }
})();

export type Expected = string | { address: string; level?: Level; messageIncludes?: string };

export interface RuleExpectation {
  fail?: Expected[];
  open?: Expected[];
  pass?: string[];
  /** Addresses whose findings of this rule are suppressed (inline or by the configuration file). */
  suppressed?: Expected[];
}

export interface Expectation {
  description: string;
  input?: string | string[];
  rules: Record<string, RuleExpectation>;
  strict?: boolean;
  exitCode?: number;
  error?: string;
}

export interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  /** Absolute paths of the inputs; each must give the expected findings. */
  readonly inputs: readonly string[];
  readonly expected: Expectation;
}

/** Every folder under fixtures/ with an expected.json, in name order. */
export function fixtureCases(): FixtureCase[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(FIXTURES, d.name, 'expected.json')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(FIXTURES, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expectation;
      const given = expected.input ?? (existsSync(path.join(dir, 'plan.json')) ? 'plan.json' : '.');
      const inputs = (Array.isArray(given) ? given : [given]).map((i) => path.join(dir, i));
      return { name, dir, inputs, expected };
    });
}

function entryAddress(e: Expected): string {
  return typeof e === 'string' ? e : e.address;
}

/** Differences between findings and a case's expectation; empty when they agree. */
export function compareWithExpectation(findings: readonly Finding[], expected: Expectation): string[] {
  const problems: string[] = [];
  const strict = expected.strict !== false;
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = byRule.get(f.ruleId) ?? [];
    l.push(f);
    byRule.set(f.ruleId, l);
  }
  for (const [ruleId, exp] of Object.entries(expected.rules)) {
    const all = byRule.get(ruleId) ?? [];
    const got = all.filter((f) => (f.suppressions?.length ?? 0) === 0);
    const suppressed = all.filter((f) => (f.suppressions?.length ?? 0) > 0);
    for (const kind of ['fail', 'open', 'suppressed'] as const) {
      const want = exp[kind] ?? [];
      const have = kind === 'suppressed' ? suppressed : got.filter((f) => f.kind === kind);
      const wantSet = new Set(want.map(entryAddress));
      const haveSet = new Set(have.map((f) => f.address));
      for (const a of wantSet) if (!haveSet.has(a)) problems.push(`${ruleId}: expected ${kind} on ${a}, got none`);
      for (const a of haveSet) {
        if (!wantSet.has(a)) problems.push(`${ruleId}: unexpected ${kind} on ${a}: ${have.find((f) => f.address === a)?.message}`);
      }
      for (const w of want) {
        if (typeof w === 'string') continue;
        const matching = have.filter((f) => f.address === w.address);
        if (matching.length === 0) continue;
        if (w.level && !matching.some((f) => f.level === w.level)) {
          problems.push(`${ruleId}: ${w.address} expected level ${w.level}, got ${matching.map((f) => f.level).join(', ')}`);
        }
        if (w.messageIncludes && !matching.some((f) => f.message.includes(w.messageIncludes!))) {
          problems.push(`${ruleId}: ${w.address} message should include "${w.messageIncludes}": ${matching.map((f) => f.message).join(' | ')}`);
        }
      }
    }
    for (const a of exp.pass ?? []) {
      const hit = all.find((f) => f.address === a);
      if (hit) problems.push(`${ruleId}: expected no finding on ${a}, got ${hit.kind}: ${hit.message}`);
    }
  }
  if (strict) {
    for (const [ruleId, list] of byRule) {
      if (!(ruleId in expected.rules)) problems.push(`${ruleId}: unexpected finding(s) on ${[...new Set(list.map((f) => f.address))].join(', ')}`);
    }
  }
  return problems;
}
