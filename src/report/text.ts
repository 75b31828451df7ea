/** Text for people: grouped by file, one line per finding with its fix and snippet, then a summary. */
import { styleText } from 'node:util';
import { isActive, type Finding, type Level, type Rule } from '../engine/types.js';
import { failures, type ReportInput } from './types.js';

export interface TextOptions {
  readonly color: boolean;
}

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

const LEVEL_STYLE: Record<Level, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(input: ReportInput, options: TextOptions): string {
  const paint: Paint = (style, s) => (options.color ? styleText(style, s) : s);
  const rules = new Map<string, Rule>(input.rules.map((r) => [r.meta.id, r]));
  const lines: string[] = [];
  let file: string | undefined;
  const shown = input.findings.filter(isActive);
  /** Where each rule's snippet was printed: later findings of the rule point there instead of repeating it. */
  const snippetAt = new Map<string, string>();
  for (const f of shown) {
    if (f.location.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.location.file;
      lines.push(paint('underline', file));
    }
    const where = `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    lines.push(`  ${where}  ${paint(LEVEL_STYLE[f.level], f.level.padEnd(7))} ${paint('bold', f.ruleId)}  ${f.message}`);
    const meta = rules.get(f.ruleId)?.meta;
    if (meta && f.kind === 'fail') {
      const seen = snippetAt.get(f.ruleId);
      lines.push(paint('dim', `      fix: ${meta.fix}${meta.snippet && seen ? ` (example under ${seen})` : ''}`));
      if (meta.snippet && !seen) {
        for (const l of meta.snippet.split('\n')) lines.push(paint('dim', `        ${l}`));
        snippetAt.set(f.ruleId, where);
      }
    }
  }
  if (shown.length > 0) lines.push('');
  lines.push(summaryLine(input.findings, failures(input.problems), paint, input.problems.length - failures(input.problems)));
  return `${lines.join('\n')}\n`;
}

export function counts(findings: readonly Finding[]): Record<Level, number> {
  const c: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) c[f.level]++;
  return c;
}

/** `3 findings (2 errors, 1 warning, 0 notes); 1 suppressed, 2 in the baseline`. */
export function summaryLine(findings: readonly Finding[], problems: number, paint: Paint = (_, t) => t, inputNotes = 0): string {
  const active = findings.filter(isActive);
  const c = counts(active);
  const suppressed = findings.filter((f) => (f.suppressions?.length ?? 0) > 0).length;
  const baselined = findings.filter((f) => f.baselined === true && (f.suppressions?.length ?? 0) === 0).length;
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.note, 'note')];
  const head = active.length > 0 ? paint(c.error > 0 ? 'red' : 'yellow', plural(active.length, 'finding')) : problems > 0 ? 'no findings' : paint('green', 'no problems found');
  const tail = [
    suppressed > 0 ? `${suppressed} suppressed` : '',
    baselined > 0 ? `${baselined} in the baseline` : '',
    problems > 0 ? `${plural(problems, 'input problem')}, so not everything was linted` : '',
    inputNotes > 0 ? `${plural(inputNotes, 'module')} not linted (see the notes on stderr)` : '',
  ].filter(Boolean);
  return `${head} (${parts.join(', ')})${tail.length > 0 ? `; ${tail.join('; ')}` : ''}`;
}
