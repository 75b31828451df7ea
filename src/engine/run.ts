/** Runs the rules over a graph and turns their reports into sorted, deduplicated, fingerprinted findings. */
import * as crypto from 'node:crypto';
import type { Catalog } from '../catalog.js';
import { compare } from '../graph/build.js';
import type { Graph, GraphNode, SourceRange } from '../graph/types.js';
import { synapseModel, type StorePolicy } from '../model/synapse.js';
import { formatMessage } from './messages.js';
import { Redactor } from './redact.js';
import { firstSorted } from './select.js';
import type { Finding, Level, Location, Report, Rule } from './types.js';

export interface RunOptions {
  readonly rules: readonly Rule[];
  /** Where a finding points when neither its resource nor a related one has a source location: the input file. */
  readonly fallbackFile: string;
  /** Levels from the configuration file and --rule: `off` skips the rule. */
  readonly levels?: ReadonlyMap<string, Level | 'off'>;
  /** What the configuration file says about stores. */
  readonly policy?: StorePolicy;
}

/** SHA-256 in hex: the one-shot `crypto.hash` (Node 20.12 and later) is three times quicker than a Hash object. */
const sha256: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function runRules(graph: Graph, catalog: Catalog, options: RunOptions): Finding[] {
  const context = { graph, catalog, synapse: synapseModel(graph, catalog, options.policy) };
  const redactor = new Redactor(graph.secrets);
  const findings: Finding[] = [];
  // A declared resource's address comes from the configuration, not from a value: a message keeps it whole, even where a
  // secret is part of it. An external resource's address is made of a value (the name in an ID), so it is redacted like one.
  const fromConfiguration = (address: string): boolean => {
    const n = graph.node(address);
    return n !== undefined && n.kind !== 'external';
  };
  const redact = (value: string): string => (value.split(', ').every(fromConfiguration) ? value : redactor.redact(value));
  for (const rule of options.rules) {
    const level = options.levels?.get(rule.meta.id);
    if (level === 'off') continue;
    for (const report of rule.check(context)) {
      const f = toFinding(rule, report, redact, options.fallbackFile);
      findings.push(level !== undefined && f.kind === 'fail' ? { ...f, level } : f);
    }
  }
  return sortFindings(dedupe(findings));
}

/**
 * A finding names at most this many related resources, the first by address. An approval may cover every
 * endpoint to its target: the list is there to navigate, and GitHub shows 10 (SARIF allows 1,000 locations a result).
 */
export const MAX_RELATED = 100;

function locationOf(node: GraphNode, attribute: string | undefined): SourceRange | undefined {
  if (attribute) {
    const at = node.attributeLocations?.get(attribute);
    if (at) return at;
  }
  return node.location;
}

/** Secrets out of the data a message is filled with: the message's own words are the rule's. */
function redactedData(data: Report['data'], redact: (value: string) => string): Report['data'] {
  if (!data) return data;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) out[k] = redact(String(v));
  return out;
}

function toFinding(rule: Rule, report: Report, redact: (value: string) => string, fallbackFile: string): Finding {
  const meta = rule.meta;
  const kind = report.kind ?? 'fail';
  const level: Level = kind === 'open' ? 'note' : (report.level ?? meta.level);
  const message = formatMessage(meta, report.messageId, redactedData(report.data, redact));
  // Addresses come from the configuration, not from values (a node named after a sensitive value hides it already): they are kept whole.
  const address = report.node.address;
  const related = [...new Set(report.related ?? [])].filter((n) => n !== report.node);
  const own = locationOf(report.node, report.attribute);
  const borrowed = own ?? related.map((n) => n.location).find((l) => l !== undefined);
  const location: Location = borrowed ?? { file: fallbackFile, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const detail = report.detail ?? `${report.messageId}:${JSON.stringify(report.data ?? {})}`;
  return {
    ruleId: meta.id,
    level,
    kind,
    message,
    address,
    location,
    related: firstSorted(related, MAX_RELATED, (n) => n.address).map((n) => ({ address: n.address, location: n.location ?? location })),
    fingerprint: sha256(`${meta.id}\u0000${address}\u0000${detail}`).slice(0, 32),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compare(a.location.file, b.location.file) ||
    a.location.startLine - b.location.startLine ||
    a.location.startColumn - b.location.startColumn ||
    compare(a.ruleId, b.ruleId) ||
    compare(a.address, b.address) ||
    compare(a.message, b.message) ||
    compare(a.fingerprint, b.fingerprint)
  );
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.fingerprint}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
