/** Text for people: grouped by file, one line per finding with its fix, then a summary. */
import { styleText } from 'node:util';
import type { Finding, Level, Rule } from '../engine/types.js';
import { failures, type ReportInput } from './types.js';

export interface TextOptions {
  readonly color: boolean;
}

type Style = Parameters<typeof styleText>[0];

const LEVEL_STYLE: Record<Level, Style> = { error: 'red', warning: 'yellow', note: 'cyan' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(input: ReportInput, options: TextOptions): string {
  const paint = (style: Style, s: string): string => (options.color ? styleText(style, s) : s);
  const rules = new Map<string, Rule>(input.rules.map((r) => [r.meta.id, r]));
  const lines: string[] = [];
  let file: string | undefined;
  for (const f of input.findings) {
    if (f.location.file !== file) {
      if (file !== undefined) lines.push('');
      file = f.location.file;
      lines.push(paint('underline', file));
    }
    const where = `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    lines.push(`  ${where}  ${paint(LEVEL_STYLE[f.level], f.level.padEnd(7))} ${paint('bold', f.ruleId)}  ${f.message}`);
    const rule = rules.get(f.ruleId);
    if (rule && f.kind === 'fail') lines.push(paint('dim', `      fix: ${rule.meta.fix}`));
  }
  if (input.findings.length > 0) lines.push('');
  lines.push(summaryLine(input.findings, failures(input.problems), paint, input.problems.length - failures(input.problems)));
  return `${lines.join('\n')}\n`;
}

export function counts(findings: readonly Finding[]): Record<Level, number> {
  const c: Record<Level, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) c[f.level]++;
  return c;
}

export function summaryLine(findings: readonly Finding[], problems: number, paint: (s: Style, t: string) => string = (_, t) => t, inputNotes = 0): string {
  const c = counts(findings);
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning'), plural(c.note, 'note')];
  const head = findings.length > 0 ? paint(c.error > 0 ? 'red' : 'yellow', plural(findings.length, 'finding')) : problems > 0 ? 'no findings' : paint('green', 'no problems found');
  const tail = `${problems > 0 ? `; ${plural(problems, 'input problem')}, so not everything was linted` : ''}${inputNotes > 0 ? `; ${plural(inputNotes, 'module')} not linted (see the notes on stderr)` : ''}`;
  return `${head} (${parts.join(', ')})${tail}`;
}
