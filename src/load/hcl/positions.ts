/**
 * Source positions for .tf and .tfvars text. @cdktf/hcl2json gives none, so findings are placed with this
 * index: a lenient one-pass scanner of HCL native syntax that knows where blocks, attributes and comments
 * are, and enough of expressions (strings, templates, heredocs, brackets) never to take their text for
 * structure. It checks nothing (hcl2json does) and never throws: on malformed input it returns what it saw.
 */

/** Line and column are 1-based, the column counted in UTF-16 code units; offset is 0-based into the text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** End is exclusive: the position just after the last character. */
export interface Range {
  readonly start: Pos;
  readonly end: Pos;
}

export interface AttributePos {
  readonly name: string;
  /** Name start .. end of value. */
  readonly range: Range;
  readonly nameRange: Range;
  /** The expression text, trimmed; empty (just after `=`) when the value is missing. */
  readonly valueRange: Range;
}

export interface BlockPos {
  readonly type: string;
  /** Quoted labels unquoted (JSON-unescaped), bare identifiers as written. */
  readonly labels: readonly string[];
  /** First character of the type keyword .. just after the closing brace (end of text when unclosed). */
  readonly range: Range;
  readonly typeRange: Range;
  readonly attributes: ReadonlyMap<string, AttributePos>;
  /** Nested blocks, in source order. */
  readonly blocks: readonly BlockPos[];
}

export interface CommentPos {
  /** Without the #, // or /* *\/ markers, trimmed. */
  readonly text: string;
  /** The markers included; a line comment ends before its CR LF or LF. */
  readonly range: Range;
  readonly style: '#' | '//' | '/*';
  /** The block whose body holds it, when the syntax says so (a `"//"` property in `.tf.json`): it applies to that block. */
  readonly owner?: BlockPos;
}

export interface FilePositions {
  /** Top-level blocks in source order. */
  readonly blocks: readonly BlockPos[];
  /** Top-level attributes (for .tfvars files). */
  readonly attributes: ReadonlyMap<string, AttributePos>;
  /** Every comment in the file, in order. */
  readonly comments: readonly CommentPos[];
}

export function scanPositions(text: string): FilePositions {
  return new Scanner(text).scan();
}

const LF = 10;
const CR = 13;
const TAB = 9;
const VT = 11;
const FF = 12;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const PERCENT = 37;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const MINUS = 45;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const LBRACK = 91;
const BACKSLASH = 92;
const RBRACK = 93;
const LBRACE = 123;
const RBRACE = 125;
const BOM = 0xfeff;

/** Whitespace that is not a line break. CR counts here: only LF ends a line, so CR LF and LF read alike. */
function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === VT || c === FF;
}

/** HCL identifiers are Unicode ID_Start/ID_Continue plus `-`; any non-ASCII code unit is let in, to be lenient. */
function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 0x80 && c !== BOM);
}

function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57) || c === MINUS;
}

/** Offsets to positions; lines found once up front. */
export class LineIndex {
  private readonly starts: number[] = [0];
  private readonly bom: boolean;
  /** Look-ups come nearly in text order, so the last line found is tried first. */
  private last = 0;

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    this.bom = text.charCodeAt(0) === BOM;
  }

  pos(offset: number): Pos {
    const s = this.starts;
    let k = this.last;
    const here = s[k] ?? 0;
    const next = s[k + 1] ?? Infinity;
    if (offset < here || offset >= next) {
      if (offset >= next && offset < (s[k + 2] ?? Infinity)) k++;
      else {
        // The last line starting at or before offset.
        let lo = 0;
        let hi = s.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if ((s[mid] ?? 0) <= offset) lo = mid;
          else hi = mid - 1;
        }
        k = lo;
      }
      this.last = k;
    }
    const start = s[k] ?? 0;
    // The BOM is not a column: the first character after it is column 1.
    const column = offset - start + (k === 0 && this.bom && offset > 0 ? 0 : 1);
    return { line: k + 1, column, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.pos(start), end: this.pos(end) };
  }
}

/**
 * An attribute's lines and columns, worked out from its offsets when first asked for: a file has many
 * attributes and findings point at few, so most are never asked.
 */
class ScannedAttribute implements AttributePos {
  #range: Range | undefined;
  #nameRange: Range | undefined;
  #valueRange: Range | undefined;

  constructor(
    readonly name: string,
    private readonly lines: LineIndex,
    private readonly start: number,
    private readonly nameEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get range(): Range {
    return (this.#range ??= this.lines.range(this.start, this.valueEnd));
  }

  get nameRange(): Range {
    return (this.#nameRange ??= this.lines.range(this.start, this.nameEnd));
  }

  get valueRange(): Range {
    return (this.#valueRange ??= this.lines.range(this.valueStart, this.valueEnd));
  }
}

/** One level of an expression being skipped; the input controls the depth, so these live on an explicit stack. */
type Frame = { readonly kind: '(' | '[' | '{' | 'interp' | '"' } | { readonly kind: 'heredoc'; readonly id: string; atLineStart: boolean };

/** The frames that carry nothing but their kind, made once: a file pushes one for every string and bracket. */
const PAREN: Frame = { kind: '(' };
const BRACKET: Frame = { kind: '[' };
const BRACE: Frame = { kind: '{' };
const INTERP: Frame = { kind: 'interp' };
const STRING: Frame = { kind: '"' };

interface Value {
  /** First character of the expression, or -1 when there is none. */
  readonly start: number;
  /** Just after its last character that is neither white space nor a comment. */
  readonly end: number;
  /** Where the body scan resumes: the newline or `}` that ended the expression, or the end of the text. */
  readonly next: number;
}

interface OpenBlock {
  readonly type: string;
  readonly labels: readonly string[];
  range: Range;
  readonly typeRange: Range;
  readonly attributes: Map<string, AttributePos>;
  readonly blocks: OpenBlock[];
}

/**
 * Runs of characters that change nothing in a state of the expression scan, skipped in one step: text in a
 * quoted string or a heredoc up to a quote, escape, line break or `$`/`%` (a possible interpolation), and
 * expression text up to white space, a comment, a bracket, a quote or `<` (a possible heredoc).
 */
const STRING_TEXT = /[^"\\\n$%]+/y;
const HEREDOC_TEXT = /[^\n$%]+/y;
const EXPRESSION_TEXT = /[^\n\t\v\f\r #/(){}[\]"<]+/y;

class Scanner {
  private readonly n: number;
  private readonly lines: LineIndex;
  private readonly comments: CommentPos[] = [];

  constructor(private readonly text: string) {
    this.n = text.length;
    this.lines = new LineIndex(text);
  }

  private at(i: number): number {
    // NaN past the end compares unequal to every code, so no bounds checks are needed at call sites.
    return this.text.charCodeAt(i);
  }

  scan(): FilePositions {
    const topBlocks: OpenBlock[] = [];
    const topAttributes = new Map<string, AttributePos>();
    const open: OpenBlock[] = [];
    const n = this.n;
    let i = this.at(0) === BOM ? 1 : 0;
    for (;;) {
      i = this.skipSpace(i, true);
      if (i >= n) break;
      const c = this.at(i);
      const parent = open[open.length - 1];
      if (c === RBRACE) {
        // A stray `}` at the top level is skipped.
        if (parent !== undefined) {
          parent.range = { start: parent.range.start, end: this.lines.pos(i + 1) };
          open.pop();
        }
        i++;
        continue;
      }
      if (!isIdStart(c)) {
        // Not a body item: pass over it as an expression so its strings and brackets are not read as structure.
        i = Math.max(i + 1, this.expression(i).next);
        continue;
      }
      const nameEnd = this.identEnd(i);
      const name = this.text.slice(i, nameEnd);
      let j = this.skipInline(nameEnd);
      const d = this.at(j);
      if (d === EQ && this.at(j + 1) !== EQ && this.at(j + 1) !== GT) {
        const v = this.expression(j + 1);
        const valueStart = v.start < 0 ? j + 1 : v.start;
        const valueEnd = v.start < 0 ? j + 1 : v.end;
        const attributes = parent !== undefined ? parent.attributes : topAttributes;
        // Duplicates are an error hcl2json reports; the first one is where a finding belongs.
        if (!attributes.has(name)) attributes.set(name, new ScannedAttribute(name, this.lines, i, nameEnd, valueStart, valueEnd));
        i = v.next;
        continue;
      }
      // A block header: labels (quoted or bare) up to `{` on the same line.
      const labels: string[] = [];
      let opened = false;
      for (;;) {
        const e = this.at(j);
        if (e === QUOTE) {
          const close = this.labelEnd(j);
          if (close < 0) break;
          labels.push(unquote(this.text.slice(j, close + 1)));
          j = this.skipInline(close + 1);
        } else if (isIdStart(e)) {
          const end = this.identEnd(j);
          labels.push(this.text.slice(j, end));
          j = this.skipInline(end);
        } else {
          opened = e === LBRACE;
          break;
        }
      }
      if (!opened) {
        i = Math.max(j, this.expression(j).next);
        continue;
      }
      const typeRange = this.lines.range(i, nameEnd);
      const block: OpenBlock = {
        type: name,
        labels,
        // Completed at the `}`, or at the end of the text.
        range: typeRange,
        typeRange,
        attributes: new Map(),
        blocks: [],
      };
      // Added at the opening, so siblings stay in source order.
      (parent !== undefined ? parent.blocks : topBlocks).push(block);
      open.push(block);
      i = j + 1;
    }
    // Blocks still open at the end of the text run to it.
    if (open.length > 0) {
      const end = this.lines.pos(n);
      for (const b of open) b.range = { start: b.range.start, end };
    }
    return { blocks: topBlocks, attributes: topAttributes, comments: this.comments };
  }

  private identEnd(i: number): number {
    let j = i + 1;
    while (j < this.n && isIdPart(this.at(j))) j++;
    return j;
  }

  /** The closing quote of a block label, or -1 when the line ends first. */
  private labelEnd(open: number): number {
    let j = open + 1;
    while (j < this.n) {
      const c = this.at(j);
      if (c === QUOTE) return j;
      if (c === LF) return -1;
      j += c === BACKSLASH && this.at(j + 1) !== LF ? 2 : 1;
    }
    return -1;
  }

  /** Skips white space and comments (recording them); line breaks too when `newlines`. */
  private skipSpace(i: number, newlines: boolean): number {
    while (i < this.n) {
      const c = this.at(i);
      if (isSpace(c) || (newlines && c === LF)) i++;
      else if (c === HASH || (c === SLASH && (this.at(i + 1) === SLASH || this.at(i + 1) === STAR))) i = this.comment(i);
      else break;
    }
    return i;
  }

  /** Within a block header: spaces and `/* *\/` comments, never a line break or a line comment (it would hide the `{`). */
  private skipInline(i: number): number {
    while (i < this.n) {
      const c = this.at(i);
      if (isSpace(c)) i++;
      else if (c === SLASH && this.at(i + 1) === STAR) i = this.comment(i);
      else break;
    }
    return i;
  }

  /** Records the comment at i and returns the offset just after it (a line comment stops before its line break). */
  private comment(i: number): number {
    const text = this.text;
    if (this.at(i) === SLASH && this.at(i + 1) === STAR) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? this.n : close + 2;
      this.comments.push({ text: text.slice(i + 2, close < 0 ? this.n : close).trim(), range: this.lines.range(i, end), style: '/*' });
      return end;
    }
    const marker = this.at(i) === HASH ? 1 : 2;
    const lf = text.indexOf('\n', i);
    const end = lf < 0 ? this.n : lf;
    const last = this.at(end - 1) === CR && end - 1 >= i + marker ? end - 1 : end;
    this.comments.push({ text: text.slice(i + marker, last).trim(), range: this.lines.range(i, last), style: marker === 1 ? '#' : '//' });
    return end;
  }

  /**
   * Skips one expression starting at i: it ends at a line break outside all brackets, strings and heredocs,
   * at a `}` that closes the enclosing block (one-line blocks), or at the end of the text.
   */
  private expression(i: number): Value {
    const n = this.n;
    const stack: Frame[] = [];
    // `{` and interpolation frames on the stack: a `}` with none open belongs to the enclosing block.
    let braces = 0;
    let start = -1;
    let end = i;
    while (i < n) {
      const top = stack[stack.length - 1];
      const c = this.at(i);
      if (top !== undefined && top.kind === '"') {
        if (c === QUOTE) {
          stack.pop();
          end = ++i;
        } else if (c === LF) {
          // Quoted strings cannot span lines: end this one here so a missing quote does not swallow the file.
          stack.pop();
        } else if (c === BACKSLASH) {
          // The escaped character belongs to the string, unless it is the line break (or white space) after it.
          const next = this.at(i + 1);
          end = i + (next === LF || isSpace(next) || i + 1 >= n ? 1 : 2);
          i += next === LF ? 1 : 2;
        } else if (this.templateEscape(i)) {
          end = i += 3;
        } else if ((c === DOLLAR || c === PERCENT) && this.at(i + 1) === LBRACE) {
          stack.push(INTERP);
          braces++;
          end = i += 2;
        } else {
          const from = i;
          i = this.plainRun(STRING_TEXT, i);
          end = this.trimmedEnd(from, i, end);
        }
        continue;
      }
      if (top !== undefined && top.kind === 'heredoc') {
        if (top.atLineStart) {
          top.atLineStart = false;
          const close = this.heredocEnd(i, top.id);
          if (close >= 0) {
            stack.pop();
            end = i = close;
            continue;
          }
        }
        if (c === LF) {
          top.atLineStart = true;
          i++;
        } else if (this.templateEscape(i)) {
          end = i += 3;
        } else if ((c === DOLLAR || c === PERCENT) && this.at(i + 1) === LBRACE) {
          stack.push(INTERP);
          braces++;
          end = i += 2;
        } else {
          const from = i;
          i = this.plainRun(HEREDOC_TEXT, i);
          end = this.trimmedEnd(from, i, end);
        }
        continue;
      }
      // Expression text: at the top of the value, or inside brackets or an interpolation.
      if (c === LF) {
        if (top === undefined) break;
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === HASH || (c === SLASH && (this.at(i + 1) === SLASH || this.at(i + 1) === STAR))) {
        i = this.comment(i);
        continue;
      }
      if (c === RBRACE) {
        if (braces === 0) {
          // Only ( and [ can be open here: the input is malformed, and the `}` is taken to close the block.
          break;
        }
        // Pops only what this `}` closes (amortised: every frame is popped once), recovering from a missing ) or ].
        for (;;) {
          const f = stack.pop();
          if (f === undefined || f.kind === '{' || f.kind === 'interp') break;
        }
        braces--;
        if (start < 0) start = i;
        end = ++i;
        continue;
      }
      if (start < 0) start = i;
      if (c === LPAREN || c === LBRACK || c === LBRACE) {
        stack.push(c === LPAREN ? PAREN : c === LBRACK ? BRACKET : BRACE);
        if (c === LBRACE) braces++;
      } else if (c === RPAREN || c === RBRACK) {
        // An unmatched closer is skipped rather than searched for down the stack (that could be quadratic).
        if (top !== undefined && top.kind === (c === RPAREN ? '(' : '[')) stack.pop();
      } else if (c === QUOTE) {
        stack.push(STRING);
      } else if (c === LT && this.at(i + 1) === LT) {
        const h = this.heredocStart(i);
        if (h !== undefined) {
          stack.push({ kind: 'heredoc', id: h.id, atLineStart: true });
          end = h.markerEnd;
          i = h.bodyStart;
          continue;
        }
      } else {
        // Names, numbers and operators up to the next character that can matter.
        end = i = this.plainRun(EXPRESSION_TEXT, i);
        continue;
      }
      end = ++i;
    }
    return { start, end: start < 0 ? i : end, next: Math.min(i, n) };
  }

  /** The end of the run of characters from i that `run` matches; i + 1 at least (the caller has read the one at i). */
  private plainRun(run: RegExp, i: number): number {
    run.lastIndex = i;
    return run.test(this.text) ? run.lastIndex : i + 1;
  }

  /** Just after the last character of the run from `from` to `to` that is not white space, or `end` when there is none. */
  private trimmedEnd(from: number, to: number, end: number): number {
    let k = to;
    while (k > from && isSpace(this.at(k - 1))) k--;
    return k > from ? k : end;
  }

  /** `$${` and `%%{` stand for the literal `${` and `%{`. */
  private templateEscape(i: number): boolean {
    const c = this.at(i);
    return (c === DOLLAR || c === PERCENT) && this.at(i + 1) === c && this.at(i + 2) === LBRACE;
  }

  /** `<<ID` or `<<-ID` followed by a line break; otherwise the `<` is ordinary text. */
  private heredocStart(i: number): { id: string; markerEnd: number; bodyStart: number } | undefined {
    let j = i + 2;
    if (this.at(j) === MINUS) j++;
    if (!isIdStart(this.at(j))) return undefined;
    const idEnd = this.identEnd(j);
    let k = idEnd;
    while (isSpace(this.at(k))) k++;
    if (this.at(k) !== LF) return undefined;
    return { id: this.text.slice(j, idEnd), markerEnd: idEnd, bodyStart: k + 1 };
  }

  /** At a heredoc line start: if the line's trimmed content is the identifier, the offset just after it; else -1. */
  private heredocEnd(i: number, id: string): number {
    let j = i;
    while (isSpace(this.at(j))) j++;
    if (!this.text.startsWith(id, j)) return -1;
    let k = j + id.length;
    while (isSpace(this.at(k))) k++;
    return k >= this.n || this.at(k) === LF ? j + id.length : -1;
  }
}

/** A quoted label's value; HCL-only escapes (`\U0001F600`) or raw control characters fall back to the text between the quotes. */
export function unquote(quoted: string): string {
  // Without a backslash, JSON reads the text between the quotes as it is, or refuses it and the fallback keeps it.
  if (!quoted.includes('\\')) return quoted.slice(1, -1);
  try {
    const v: unknown = JSON.parse(quoted);
    if (typeof v === 'string') return v;
  } catch {
    // Not JSON: fall through.
  }
  return quoted.slice(1, -1);
}

/** The key of a `resource` or `data` block by its keyword, type and name (labels may hold any character). */
export function resourceBlockKey(keyword: string, type: string, name: string): string {
  return JSON.stringify([keyword, type, name]);
}

/** The first `resource` and `data` block of each type and name, by resourceBlockKey: found without a scan per resource. */
export function resourceBlocks(blocks: readonly BlockPos[]): Map<string, BlockPos> {
  const out = new Map<string, BlockPos>();
  for (const b of blocks) {
    if ((b.type !== 'resource' && b.type !== 'data') || b.labels.length < 2) continue;
    const key = resourceBlockKey(b.type, b.labels[0]!, b.labels[1]!);
    if (!out.has(key)) out.set(key, b);
  }
  return out;
}
