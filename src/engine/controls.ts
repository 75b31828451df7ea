/**
 * What users control after the rules ran (SPEC §6): the configuration file's `ignore`,
 * `include` and `exclude`, inline `# synapse-lint-ignore` comments, and a baseline.
 * Suppressed and baselined findings are kept, marked, and never fail the gate.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { stripKeys } from '../graph/traversal.js';
import type { CoveringBlock } from '../graph/types.js';
import type { BlockPos, FilePositions } from '../load/hcl/positions.js';
import { sourcePositions } from '../load/json-syntax.js';
import type { Finding, Rule, Suppression } from './types.js';

/** Findings about suppression comments themselves; they come from this stage, not from the graph. */
export const SUPPRESSION_RULE: Rule = {
  meta: {
    id: 'SYN001',
    name: 'suppression-comment',
    level: 'warning',
    summary: 'A synapse-lint-ignore comment without a reason, or one that suppresses nothing',
    description:
      'An inline `# synapse-lint-ignore <rule> <reason>` comment accepts a finding of that rule on the block or attribute below it (or the block it is in); on a `module` block, the findings of the resources of that module and of the modules it calls; on a resource written in several blocks (override files), every finding of that resource. Without a reason nobody can tell later why it was accepted, so it is not honoured; one that names a rule that does not fire there is stale and hides the next real finding.',
    messages: {
      noReason: 'synapse-lint-ignore {rules} has no reason, so it is not honoured; write why the finding is accepted after the rule ID',
      unused: 'synapse-lint-ignore {rule} suppresses nothing: {rule} reports nothing on {scope}',
      unknownRule: 'synapse-lint-ignore names {rule}, which is not a rule of synapse-lint',
    },
    fix: 'Give every synapse-lint-ignore comment a reason, and remove those that no longer suppress anything.',
    snippet: `# synapse-lint-ignore SYN301 approved by the platform team's approval pipeline (ticket OPS-1234)
resource "azurerm_synapse_managed_private_endpoint" "partner" {
  # ...
}`,
    tags: ['hygiene'],
    securitySeverity: 1.0,
    precision: 'very-high',
  },
  check: () => [],
};

export interface Controls {
  /** Folder the configuration file's globs are relative to, and the working directory of finding paths. */
  readonly configDir: string;
  readonly cwd: string;
  readonly ignore?: readonly { readonly rule: string; readonly address: string; readonly reason: string }[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Rule IDs that exist, to tell a misspelt ID in a comment. */
  readonly ruleIds: ReadonlySet<string>;
  /** Rules that ran, to tell a comment for a rule turned off from a stale one. */
  readonly activeRuleIds: ReadonlySet<string>;
  /** Blocks whose suppressions cover findings by address: `module` blocks, and the blocks of a resource with overrides. */
  readonly coveringBlocks?: readonly CoveringBlock[];
}

type Minimatch = (path: string, pattern: string, options: Record<string, boolean>) => boolean;
let loaded: Minimatch | undefined;

/** minimatch, loaded the first time a glob is matched: most runs have none, and loading it is a tenth of start-up. */
function minimatch(path: string, pattern: string, options: Record<string, boolean>): boolean {
  loaded ??= (createRequire(import.meta.url)('minimatch') as { minimatch: Minimatch }).minimatch;
  return loaded(path, pattern, options);
}

/** An address matches a configuration glob: equal, or by minimatch (`module.legacy.*`). */
export function addressMatches(address: string, glob: string): boolean {
  // As with -target: a resource address stands for its instances, a module address for what is in it.
  if (address === glob || address.startsWith(`${glob}[`) || address.startsWith(`${glob}.`)) return true;
  // Brackets in addresses are instance keys (`module.team["ops"]`), never character classes.
  return minimatch(address, glob.replace(/[[\]]/g, '\\$&'), { dot: true, nocomment: true, nonegate: true });
}

function fileMatches(file: string, globs: readonly string[]): boolean {
  return globs.some((g) => minimatch(file, g, { dot: true, matchBase: !g.includes('/') }));
}

interface InlineSuppression {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
  readonly rules: readonly string[];
  readonly reason: string;
  /** Lines it covers: the block or attribute below it, or the block it is in. */
  readonly from: number;
  readonly to: number;
  readonly scope: string;
}

const MARKER = /^synapse-lint-ignore\b\s*(.*)$/s;

/** What a suppression of a whole block covers: its lines, named as the block is written. */
function blockTarget(b: BlockPos): { from: number; to: number; scope: string } {
  return { from: b.range.start.line, to: b.range.end.line, scope: `${b.type} ${b.labels.map((l) => `"${l}"`).join(' ')}`.trim() };
}

/** The inline suppressions of one .tf or .tf.json file. */
export function inlineSuppressions(file: string, text: string, positions: FilePositions = sourcePositions(file, text)): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  const lines = text.split('\n');
  const blocks: BlockPos[] = [];
  const stack = [...positions.blocks];
  while (stack.length > 0) {
    const b = stack.pop()!;
    blocks.push(b);
    stack.push(...b.blocks);
  }
  const attributes = blocks.flatMap((b) => [...b.attributes.values()].map((a) => ({ a, b })));
  for (const c of positions.comments) {
    if (c.style === '/*') continue;
    const m = MARKER.exec(c.text);
    if (!m) continue;
    const rest = m[1]!.trim();
    const [ids = '', ...words] = rest.split(/\s+/);
    const rules = ids.split(',').filter(Boolean);
    const reason = words.join(' ').trim();
    const line = c.range.start.line;
    // A comment at the end of a line with an attribute covers that attribute.
    const same = attributes.find(({ a }) => a.range.start.line === line && a.range.start.offset < c.range.start.offset);
    // One at the end of a block's header line, after its `{`, is inside that block (the innermost one opened there).
    const header = blocks
      .filter((b) => b.range.start.line === line && b.range.end.line > line && b.range.start.offset < c.range.start.offset)
      .sort((x, y) => x.range.start.offset - y.range.start.offset)
      .at(-1);
    let target: { from: number; to: number; scope: string } | undefined;
    if (c.owner) target = blockTarget(c.owner);
    else if (same) target = { from: same.a.range.start.line, to: same.a.range.end.line, scope: `attribute ${same.a.name}` };
    else if (header) target = blockTarget(header);
    else {
      // Otherwise the first line below that is not blank or a comment: a block header or an attribute.
      let next = line + 1;
      while (next <= lines.length && /^\s*(#|\/\/|$)/.test(lines[next - 1] ?? '')) next++;
      const block = blocks.find((b) => b.range.start.line === next);
      // The first line of a block's body speaks for the whole block, not for the attribute under it.
      const opened = blocks.filter((b) => b.range.start.line === line - 1 && b.range.end.line > line).at(-1);
      const attr = attributes.find(({ a }) => a.range.start.line === next);
      if (opened && !block) target = blockTarget(opened);
      else if (block) target = blockTarget(block);
      else if (attr) target = { from: attr.a.range.start.line, to: attr.a.range.end.line, scope: `attribute ${attr.a.name}` };
      else {
        const inside = blocks.filter((b) => b.range.start.line <= line && b.range.end.line >= line).sort((x, y) => x.range.start.offset - y.range.start.offset).at(-1);
        if (inside) target = blockTarget(inside);
      }
    }
    const t = target ?? { from: line, to: line, scope: `line ${line}` };
    out.push({ file, line, column: c.range.start.column, endColumn: c.range.end.column, rules, reason, ...t });
  }
  return out;
}

function suppressionFinding(s: InlineSuppression, messageId: string, data: Record<string, string>, detail: string): Finding {
  const message = SUPPRESSION_RULE.meta.messages[messageId]!.replace(/\{(\w+)\}/g, (_, k: string) => data[k] ?? '');
  return {
    ruleId: SUPPRESSION_RULE.meta.id,
    level: SUPPRESSION_RULE.meta.level,
    kind: 'fail',
    message,
    address: `${s.file}:${s.line}`,
    location: { file: s.file, startLine: s.line, startColumn: s.column, endLine: s.line, endColumn: s.endColumn },
    related: [],
    fingerprint: createHash('sha256').update(`SYN001\u0000${s.file}\u0000${s.scope}\u0000${detail}`).digest('hex').slice(0, 32),
  };
}

function withSuppression(f: Finding, s: Suppression): Finding {
  return { ...f, suppressions: [...(f.suppressions ?? []), s] };
}

/** Applies the configuration file and inline comments; returns the findings with their suppressions, and SYN001 findings. */
export function applyControls(findings: readonly Finding[], sources: ReadonlyMap<string, string>, controls: Controls): Finding[] {
  // Findings share a few files: each file's path relative to the configuration is worked out once.
  const relative = new Map<string, string>();
  const rel = (file: string): string => {
    let r = relative.get(file);
    if (r === undefined) {
      r = path.relative(controls.configDir, path.resolve(controls.cwd, file)).split(path.sep).join('/');
      relative.set(file, r);
    }
    return r;
  };
  let out = findings.filter((f) => {
    const file = rel(f.location.file);
    if (controls.include && controls.include.length > 0 && !fileMatches(file, controls.include)) return false;
    return !(controls.exclude && fileMatches(file, controls.exclude));
  });
  out = out.map((f) => {
    const entry = controls.ignore?.find((i) => (i.rule === '*' || i.rule === f.ruleId) && addressMatches(f.address, i.address));
    return entry ? withSuppression(f, { kind: 'external', justification: entry.reason }) : f;
  });

  const extra: Finding[] = [];
  for (const [file, text] of sources) {
    if (!file.endsWith('.tf') && !file.endsWith('.tf.json')) continue;
    if (!text.includes('synapse-lint-ignore')) continue;
    for (const s of inlineSuppressions(file, text)) {
      if (s.reason === '') {
        extra.push(suppressionFinding(s, 'noReason', { rules: s.rules.join(',') || '(no rule)' }, 'no-reason'));
        continue;
      }
      for (const rule of s.rules) {
        if (!controls.ruleIds.has(rule)) {
          extra.push(suppressionFinding(s, 'unknownRule', { rule }, `unknown:${rule}`));
          continue;
        }
        let used = false;
        // On a module block, or a block of a resource with overrides: those resources' findings, by address, wherever they point.
        const covering = (controls.coveringBlocks ?? []).filter((b) => b.file === file && b.from === s.from && b.to === s.to);
        const covered = (f: Finding): boolean => {
          if (covering.length === 0) return false;
          const address = stripKeys(f.address);
          return covering.some((b) => (b.kind === 'module' ? address.startsWith(`${b.covers}.`) : address === b.covers));
        };
        out = out.map((f) => {
          if (f.ruleId !== rule) return f;
          if ((f.location.file !== file || f.location.startLine < s.from || f.location.startLine > s.to) && !covered(f)) return f;
          used = true;
          return withSuppression(f, { kind: 'inSource', justification: s.reason });
        });
        if (!used && controls.activeRuleIds.has(rule)) extra.push(suppressionFinding(s, 'unused', { rule, scope: s.scope }, `unused:${rule}`));
      }
    }
  }
  return [...out, ...extra];
}

/** Marks findings whose fingerprint is in a baseline SARIF log. */
export function applyBaseline(findings: readonly Finding[], fingerprints: ReadonlySet<string>): Finding[] {
  return findings.map((f) => (fingerprints.has(f.fingerprint) ? { ...f, baselined: true } : f));
}
