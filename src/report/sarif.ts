/** SARIF 2.1.0 as GitHub code scanning ingests it (SPEC §5). */
import type * as Sarif from 'sarif';
import type { Finding, Rule } from '../engine/types.js';
import { ruleHelpMarkdown, ruleHelpText, ruleHelpUri, TOOL_URI } from './rule-docs.js';
import { lineHashes, MAX_HASHED_BYTES } from './line-hash.js';
import { failures, fromRepositoryRoot, type ReportInput } from './types.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export { MAX_HASHED_BYTES } from './line-hash.js';

/** GitHub rejects a run with more results than this; it keeps the 5,000 most severe. */
export const MAX_RESULTS = 25_000;
/**
 * Related locations a result carries: GitHub shows 10. More would only make a large run's file larger: a run
 * of 25,000 results with the engine's 100 each would pass the largest text JavaScript can build.
 */
export const MAX_SARIF_RELATED = 10;
const SEVERITY = { error: 0, warning: 1, note: 2 } as const;

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const m = rule.meta;
  return {
    id: m.id,
    name: m.name,
    shortDescription: { text: m.summary },
    fullDescription: { text: m.description },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    helpUri: ruleHelpUri(m.id),
    defaultConfiguration: { level: m.level },
    properties: {
      tags: ['security', 'terraform', ...m.tags],
      'security-severity': m.securitySeverity.toFixed(1),
      precision: m.precision,
      'problem.severity': m.level === 'note' ? 'recommendation' : m.level,
    },
  };
}

function physical(loc: Finding['location'], input: ReportInput): Sarif.PhysicalLocation {
  return {
    artifactLocation: artifact(loc.file, input),
    region: { startLine: loc.startLine, startColumn: loc.startColumn, endLine: loc.endLine, endColumn: loc.endColumn },
  };
}

/** A file as a relative URI reference from the repository root: each path segment percent-encoded, `/` kept. */
function artifact(file: string, input: ReportInput): Sarif.ArtifactLocation {
  return { uri: fromRepositoryRoot(file, input).split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(input: ReportInput): Sarif.Log {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.meta.id, i]));
  const wanted = new Map<string, Set<number>>();
  for (const f of input.findings) {
    const s = wanted.get(f.location.file) ?? new Set<number>();
    s.add(f.location.startLine);
    wanted.set(f.location.file, s);
  }
  const hashes = new Map<string, Map<number, string>>();
  for (const [file, lines] of wanted) {
    const text = input.sources.get(file);
    if (text !== undefined && text.length <= MAX_HASHED_BYTES) hashes.set(file, lineHashes(text, lines));
  }

  // Over GitHub's limit, keep the most severe (a stable sort keeps the order within a level) and say so.
  const kept = input.findings.length > MAX_RESULTS ? [...input.findings].sort((a, b) => SEVERITY[a.level] - SEVERITY[b.level]).slice(0, MAX_RESULTS) : input.findings;
  const omitted = input.findings.length - kept.length;
  const results: Sarif.Result[] = kept.map((f) => {
    const lineHash = hashes.get(f.location.file)?.get(f.location.startLine);
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? 0,
      level: f.level,
      kind: f.kind,
      message: { text: f.message },
      locations: [{ physicalLocation: physical(f.location, input), logicalLocations: [{ fullyQualifiedName: f.address, kind: 'resource' }] }],
      partialFingerprints: {
        ...(lineHash ? { primaryLocationLineHash: lineHash } : {}),
        'synapseLint/v1': f.fingerprint,
      },
    };
    if (f.suppressions && f.suppressions.length > 0) {
      result.suppressions = f.suppressions.map((s) => ({ kind: s.kind, status: 'accepted', justification: s.justification }));
    }
    if (input.baseline) result.baselineState = f.baselined ? 'unchanged' : 'new';
    if (f.related.length > 0) {
      result.relatedLocations = f.related.slice(0, MAX_SARIF_RELATED).map((r, i) => ({
        id: i + 1,
        physicalLocation: physical(r.location, input),
        logicalLocations: [{ fullyQualifiedName: r.address, kind: 'resource' }],
        message: { text: r.address },
      }));
    }
    return result;
  });

  const notifications: Sarif.Notification[] = input.problems.map((p) => ({
    level: p.level,
    message: { text: `${p.file}: ${p.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifact(p.file, input) } }],
  }));
  if (omitted > 0) notifications.push({ level: 'warning', message: { text: `${omitted} less severe results were left out: a SARIF run for GitHub holds at most ${MAX_RESULTS}` } });
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: 'synapse-lint',
        semanticVersion: input.version,
        informationUri: TOOL_URI,
        rules: input.rules.map(descriptor),
      },
    },
    invocations: [
      {
        executionSuccessful: failures(input.problems) === 0,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    ...(input.category !== undefined ? { automationDetails: { id: input.category.endsWith('/') ? input.category : `${input.category}/` } } : {}),
    columnKind: 'utf16CodeUnits',
    results,
  };
  return { $schema: SCHEMA, version: '2.1.0', runs: [run] };
}

export function formatSarif(input: ReportInput): string {
  return `${JSON.stringify(toSarif(input), null, 2)}\n`;
}
