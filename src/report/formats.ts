/** The json, github and markdown reports (SPEC §5). */
import type { Finding } from '../engine/types.js';
import { isActive } from '../engine/types.js';
import { counts } from './text.js';
import { fromRepositoryRoot, type ReportInput } from './types.js';

/** One object per finding, for scripts. */
export function formatJson(input: ReportInput): string {
  const rows = input.findings.map((f) => ({
    ruleId: f.ruleId,
    level: f.level,
    kind: f.kind,
    message: f.message,
    address: f.address,
    file: f.location.file,
    line: f.location.startLine,
    column: f.location.startColumn,
    endLine: f.location.endLine,
    endColumn: f.location.endColumn,
    related: f.related.map((r) => r.address),
    fingerprint: f.fingerprint,
    suppressed: (f.suppressions?.length ?? 0) > 0,
    ...(f.suppressions?.length ? { justification: f.suppressions.map((s) => s.justification).join('; ') } : {}),
    baselined: f.baselined === true,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}

/** Workflow-command data: `%`, CR and LF escaped, as GitHub's toolkit does. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also `:` and `,`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', note: 'notice' } as const;

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`: annotations without code scanning. */
export function formatGithub(input: ReportInput): string {
  const names = new Map(input.rules.map((r) => [r.meta.id, r.meta.name]));
  const lines = input.findings.filter(isActive).map((f) => {
    const l = f.location;
    const props = [
      `file=${escapeProperty(fromRepositoryRoot(l.file, input))}`,
      `line=${l.startLine}`,
      `col=${l.startColumn}`,
      `endLine=${l.endLine}`,
      `endColumn=${l.endColumn}`,
      `title=${escapeProperty(`${f.ruleId} ${names.get(f.ruleId) ?? ''}`.trim())}`,
    ];
    return `::${COMMAND[f.level]} ${props.join(',')}::${escapeData(f.message)}`;
  });
  for (const p of input.problems) lines.push(`::${p.level === 'error' ? 'error' : 'notice'} file=${escapeProperty(fromRepositoryRoot(p.file, input))},title=synapse-lint::${escapeData(p.message)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const ICON = { error: '🔴 error', warning: '🟡 warning', note: '🔵 note' } as const;

/** A table for a pull-request comment or $GITHUB_STEP_SUMMARY. */
export function formatMarkdown(input: ReportInput): string {
  const active = input.findings.filter(isActive);
  const c = counts(active);
  const suppressed = input.findings.filter((f) => (f.suppressions?.length ?? 0) > 0).length;
  const baselined = input.findings.filter((f) => f.baselined === true && (f.suppressions?.length ?? 0) === 0).length;
  const names = new Map(input.rules.map((r) => [r.meta.id, r.meta.name]));
  const out = ['## synapse-lint', ''];
  const tally = `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.note} note${c.note === 1 ? '' : 's'}`;
  const extra = [suppressed > 0 ? `${suppressed} suppressed` : '', baselined > 0 ? `${baselined} in the baseline` : ''].filter(Boolean).join(', ');
  out.push(active.length === 0 ? `No findings${extra ? ` (${extra})` : ''}.` : `**${tally}**${extra ? ` (${extra})` : ''}`);
  if (active.length > 0) {
    out.push('', '| level | rule | where | resource | finding |', '|---|---|---|---|---|');
    for (const f of active) out.push(row(f, names.get(f.ruleId) ?? ''));
  }
  if (input.problems.length > 0) {
    out.push('', '**Inputs:**', '');
    for (const p of input.problems) out.push(`- ${p.level === 'error' ? 'could not lint' : 'note'}: \`${cell(p.file)}\`: ${cell(p.message)}`);
  }
  return `${out.join('\n')}\n`;
}

function row(f: Finding, name: string): string {
  const where = `\`${cell(f.location.file)}:${f.location.startLine}\``;
  return `| ${ICON[f.level]} | ${f.ruleId} ${name} | ${where} | \`${cell(f.address)}\` | ${cell(f.message)} |`;
}
