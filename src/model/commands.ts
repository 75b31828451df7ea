/**
 * `az network private-endpoint-connection ...` commands in provisioner scripts, read from a
 * template of text and interpolations. Shell syntax is read only as far as telling words,
 * quotes, continuations, separators and `$(...)` apart: nothing is ever run.
 */
import type { Ref, TemplateText } from '../graph/types.js';

/** One word of a command: its literal text with interpolations in it. */
export interface Word {
  /** The text, with each interpolation whose value is unknown written as `\u0000`. */
  readonly text: string;
  /** What the interpolations in the word refer to. */
  readonly refs: readonly Ref[];
  /** True when every interpolation in the word has a known value. */
  readonly known: boolean;
}

export interface AzCommand {
  /** `approve`, `list`, `show`, `reject`... */
  readonly verb: string;
  /** Option values by long name (`--type`, `--resource-name`, `--name`, `--id`, `--resource-group`, `--query`). */
  readonly options: ReadonlyMap<string, Word>;
}

const ALIASES: Readonly<Record<string, string>> = { '-n': '--name', '-g': '--resource-group', '-o': '--output', '-d': '--description' };

type Token = { kind: 'word'; word: Word } | { kind: 'sep' };

/** Splits a template into words and command separators. */
export function tokenize(t: TemplateText): Token[] {
  if (!t.known) return [];
  const tokens: Token[] = [];
  let text = '';
  let refs: Ref[] = [];
  let known = true;
  let started = false;
  let quote: '"' | "'" | undefined;
  // `"$(az ...)"`: the substitution inside double quotes is a command of its own; the quote resumes after it.
  const resume: ('"' | undefined)[] = [];
  const flush = (): void => {
    if (started) tokens.push({ kind: 'word', word: { text, refs, known } });
    text = '';
    refs = [];
    known = true;
    started = false;
  };
  const sep = (): void => {
    flush();
    if (tokens.at(-1)?.kind !== 'sep') tokens.push({ kind: 'sep' });
  };
  for (const piece of t.pieces) {
    if (piece.kind === 'expr') {
      started = true;
      refs = [...refs, ...piece.refs];
      if (piece.value !== undefined) text += piece.value;
      else {
        text += '\u0000';
        known = false;
      }
      continue;
    }
    const s = piece.text;
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (quote === '"' && c === '$' && s[i + 1] === '(') {
        sep();
        resume.push('"');
        quote = undefined;
        i++;
        continue;
      }
      if (quote) {
        if (c === quote) quote = undefined;
        else if (c === '\\' && quote === '"' && i + 1 < s.length) text += s[++i];
        else text += c;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        started = true;
      } else if (c === '\\' && s[i + 1] === '\n') i++;
      else if (c === '\\' && s[i + 1] === '\r' && s[i + 2] === '\n') i += 2;
      else if (c === '\\' && i + 1 < s.length) {
        text += s[++i];
        started = true;
      } else if (c === ')' && resume.length > 0) {
        sep();
        quote = resume.pop();
      } else if (c === '`' && lineEndAfter(s, i + 1) !== undefined) {
        // PowerShell's continuation: a backtick at the end of a line.
        i = lineEndAfter(s, i + 1)!;
        flush();
      } else if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '`' || c === ')') sep();
      else if (c === '$' && s[i + 1] === '(') {
        sep();
        resume.push(undefined);
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r') flush();
      else if (c === '#' && !started) {
        // A comment runs to the end of the line.
        while (i + 1 < s.length && s[i + 1] !== '\n') i++;
      } else {
        text += c;
        started = true;
      }
    }
  }
  flush();
  return tokens;
}

/** The index of the line end that only spaces or tabs separate from `from`, if there is one. */
function lineEndAfter(s: string, from: number): number | undefined {
  let j = from;
  while (s[j] === ' ' || s[j] === '\t') j++;
  if (s[j] === '\n') return j;
  return s[j] === '\r' && s[j + 1] === '\n' ? j + 1 : undefined;
}

/** Every `az network private-endpoint-connection <verb>` in a script, with its options. */
export function azPrivateEndpointCommands(t: TemplateText): AzCommand[] {
  const out: AzCommand[] = [];
  const tokens = tokenize(t);
  let segment: Word[] = [];
  const take = (): void => {
    const words = segment;
    segment = [];
    const i = words.findIndex((w, k) => w.text === 'private-endpoint-connection' && words[k - 1]?.text === 'network' && words.slice(0, k - 1).some((x) => x.text === 'az' || x.text.endsWith('/az')));
    if (i < 0) return;
    const verb = words[i + 1]?.text ?? '';
    const options = new Map<string, Word>();
    for (let k = i + 2; k < words.length; k++) {
      const w = words[k]!;
      if (!w.text.startsWith('-')) continue;
      const eq = w.text.indexOf('=');
      const name = ALIASES[eq > 0 ? w.text.slice(0, eq) : w.text] ?? (eq > 0 ? w.text.slice(0, eq) : w.text);
      if (eq > 0) options.set(name, { text: w.text.slice(eq + 1), refs: w.refs, known: w.known });
      else {
        const v = words[k + 1];
        if (v && !v.text.startsWith('-')) {
          options.set(name, v);
          k++;
        } else options.set(name, { text: '', refs: [], known: true });
      }
    }
    out.push({ verb, options });
  };
  for (const tok of tokens) {
    if (tok.kind === 'sep') take();
    else segment.push(tok.word);
  }
  take();
  return out;
}

/** Whether a script mentions approving a private endpoint connection at all (text known). */
export function isApprovalScript(t: TemplateText): boolean {
  return azPrivateEndpointCommands(t).some((c) => c.verb === 'approve');
}
