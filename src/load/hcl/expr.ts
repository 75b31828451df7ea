/**
 * HCL expressions as @cdktf/hcl2json returns them: every attribute value that is not a plain
 * literal arrives as its source text (`"${var.a ? \"b\" : \"c\"}"`, `"st${var.env}data"`). This
 * module parses that text, lists the traversals it reads (graph edges) and evaluates it against
 * known values with Terraform's semantics. Nothing from the input is ever executed, and every
 * loop, recursion and allocation that input can steer is bounded.
 */
import { formatSteps, type Step } from '../../graph/traversal.js';

// ---------------------------------------------------------------------------------------------
// Values

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Value = { readonly known: true; readonly value: Json } | { readonly known: false };

export const UNKNOWN: Value = Object.freeze({ known: false } as const);

export function known(value: Json): Value {
  return Object.freeze({ known: true, value } as const);
}

/** Bounds on what input can make the parser and evaluator do; past them the answer is an error or UNKNOWN, never a hang. */
export const LIMITS = Object.freeze({
  /** Nesting of the parser and depth of an expression tree. */
  depth: 256,
  /** Length of a text to parse, and of any string evaluation builds. */
  text: 1 << 20,
  /** Elements of any collection evaluation builds or iterates. */
  elements: 100_000,
  /** Expression evaluations and element copies per evaluate call. */
  work: 2_000_000,
  /** Characters of all strings one evaluate call builds. */
  chars: 64 << 20,
  /** Depth of a value read from a scope or jsondecode. */
  valueDepth: 512,
  /** Terraform's own cap on range(). */
  range: 1024,
});

// ---------------------------------------------------------------------------------------------
// Syntax tree

export type UnaryOp = '!' | '-';
export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '>' | '<=' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Expr =
  | { readonly type: 'literal'; readonly value: null | boolean | number | string }
  /** A string with interpolations or directives; exactly one interpolation yields its value unconverted. */
  | { readonly type: 'template'; readonly parts: readonly TemplatePart[] }
  /** A root name and constant steps: `azurerm_x.y["k"].identity[0].principal_id`. steps[0] is the root name. */
  | { readonly type: 'traversal'; readonly steps: readonly Step[] }
  /** Attribute access on anything that is not a constant traversal: `f(x).a`, `a[each.key].id`. */
  | { readonly type: 'attr'; readonly target: Expr; readonly name: string }
  | { readonly type: 'index'; readonly target: Expr; readonly key: Expr }
  /** `source[*].each` / `source.*.each`: `each` is evaluated per element, reading it as `item`. */
  | { readonly type: 'splat'; readonly source: Expr; readonly each: Expr }
  | { readonly type: 'item' }
  /** `name` is `jsonencode`, or `provider::azurerm::fn`; `expand` is a final `...` argument. */
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly expand: boolean }
  | { readonly type: 'unary'; readonly op: UnaryOp; readonly operand: Expr }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly type: 'conditional'; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly type: 'tuple'; readonly items: readonly Expr[] }
  /** A naked identifier key is a literal string; any other key is an expression. */
  | { readonly type: 'object'; readonly items: readonly { readonly key: Expr; readonly value: Expr }[] }
  /** `[for k, v in coll : value if cond]`, or with `key` an object `{for ... : key => value...}`. */
  | {
      readonly type: 'for';
      readonly keyVar: string | undefined;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly key: Expr | undefined;
      readonly value: Expr;
      readonly cond: Expr | undefined;
      readonly group: boolean;
    };

export type TemplatePart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'interpolation'; readonly expr: Expr }
  | { readonly type: 'if'; readonly cond: Expr; readonly then: readonly TemplatePart[]; readonly else: readonly TemplatePart[] }
  | {
      readonly type: 'for';
      readonly keyVar: string | undefined;
      readonly valueVar: string;
      readonly collection: Expr;
      readonly body: readonly TemplatePart[];
    };

export class ExprSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'ExprSyntaxError';
    this.offset = offset;
  }
}

// ---------------------------------------------------------------------------------------------
// Parser: recursive descent straight over the text, so quoted strings can nest templates that
// nest expressions. Every recursive call passes through `enter`, and every node records its
// depth, so neither the parser nor the tree walkers can run out of stack.

type TokType = 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'eof';
interface Tok {
  readonly type: TokType;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A newline came before it: ends an item inside an object constructor. */
  readonly nl: boolean;
  readonly flush?: boolean;
}

const PUNCT = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '::', '{', '}', '[', ']', '(', ')', ',', '.', ':', '?', '+', '-', '*', '/', '%', '<', '>', '!', '=', '~'];
const LEVELS = new Map<string, number>([
  ['||', 1], ['&&', 2], ['==', 3], ['!=', 3], ['<', 4], ['>', 4], ['<=', 4], ['>=', 4], ['+', 5], ['-', 5], ['*', 6], ['/', 6], ['%', 6],
]);
const IDENT_RE = /[\p{ID_Start}_][\p{ID_Continue}\-]*/uy;
const NUMBER_RE = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC_RE = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}\-]*)\r?\n/uy;

/** Depth of each node made by the parser; a node not in it is a leaf. */
const DEPTH = new WeakMap<object, number>();
function depthOf(node: object | undefined): number {
  return node === undefined ? 0 : DEPTH.get(node) ?? 1;
}

type Flat =
  | { readonly k: 'text'; readonly text: string }
  | { readonly k: 'interp'; readonly expr: Expr; readonly sl: boolean; readonly sr: boolean; readonly at: number }
  | { readonly k: 'if'; readonly cond: Expr; readonly sl: boolean; readonly sr: boolean; readonly at: number }
  | { readonly k: 'for'; readonly keyVar: string | undefined; readonly valueVar: string; readonly coll: Expr; readonly sl: boolean; readonly sr: boolean; readonly at: number }
  | { readonly k: 'else' | 'endif' | 'endfor'; readonly sl: boolean; readonly sr: boolean; readonly at: number };

class Parser {
  private pos = 0;
  private nlStop = false;
  private peeked: Tok | undefined;
  private peekedAt = -1;

  constructor(
    private readonly src: string,
    private depth: number,
    /** Errors inside a re-indented heredoc body are reported at the heredoc. */
    private readonly fixedOffset?: number,
  ) {}

  fail(message: string, at: number): never {
    throw new ExprSyntaxError(message, this.fixedOffset ?? at);
  }

  private enter(at: number): void {
    if (++this.depth > LIMITS.depth) this.fail('expression nested too deeply', at);
  }

  private leave(): void {
    this.depth--;
  }

  private mk<T extends object>(node: T, children: readonly (object | undefined)[], at: number): T {
    let d = 0;
    for (const c of children) d = Math.max(d, depthOf(c));
    if (d + 1 > LIMITS.depth) this.fail('expression nested too deeply', at);
    DEPTH.set(node, d + 1);
    return node;
  }

  // --- tokens

  private skip(from: number): { i: number; nl: boolean } {
    const s = this.src;
    let i = from;
    let nl = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) i++;
      else if (c === 10) {
        nl = true;
        i++;
      } else if (c === 35 || (c === 47 && s.charCodeAt(i + 1) === 47)) {
        const e = s.indexOf('\n', i);
        i = e < 0 ? s.length : e;
      } else if (c === 47 && s.charCodeAt(i + 1) === 42) {
        const e = s.indexOf('*/', i + 2);
        if (e < 0) this.fail('unterminated comment', i);
        if (s.slice(i, e).includes('\n')) nl = true;
        i = e + 2;
      } else return { i, nl };
    }
  }

  private scan(): Tok {
    const s = this.src;
    const { i, nl } = this.skip(this.pos);
    if (i >= s.length) return { type: 'eof', text: '', start: i, end: i, nl };
    const c = s[i]!;
    if (c === '"') return { type: 'string', text: '"', start: i, end: i + 1, nl };
    if (c === '<' && s[i + 1] === '<') {
      HEREDOC_RE.lastIndex = i;
      const m = HEREDOC_RE.exec(s);
      if (m) return { type: 'heredoc', text: m[2]!, start: i, end: i + m[0].length, nl, flush: m[1] === '-' };
    }
    if (c >= '0' && c <= '9') {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(s)!;
      return { type: 'number', text: m[0], start: i, end: i + m[0].length, nl };
    }
    IDENT_RE.lastIndex = i;
    const id = IDENT_RE.exec(s);
    if (id) return { type: 'ident', text: id[0], start: i, end: i + id[0].length, nl };
    for (const p of PUNCT) if (s.startsWith(p, i)) return { type: 'punct', text: p, start: i, end: i + p.length, nl };
    this.fail(`unexpected character ${JSON.stringify(c)}`, i);
  }

  private peek(): Tok {
    if (this.peekedAt !== this.pos || this.peeked === undefined) {
      this.peeked = this.scan();
      this.peekedAt = this.pos;
    }
    return this.peeked;
  }

  private next(): Tok {
    const t = this.peek();
    this.pos = t.end;
    return t;
  }

  private isPunct(t: Tok, p: string): boolean {
    return t.type === 'punct' && t.text === p;
  }

  private expectPunct(p: string): Tok {
    const t = this.next();
    if (!this.isPunct(t, p)) this.fail(`expected ${p}`, t.start);
    return t;
  }

  private expectIdent(what: string): Tok {
    const t = this.next();
    if (t.type !== 'ident') this.fail(`expected ${what}`, t.start);
    return t;
  }

  expectEnd(): void {
    const t = this.peek();
    if (t.type !== 'eof') this.fail('unexpected text after the expression', t.start);
  }

  /** Runs `f` with newlines significant (object items) or not (inside brackets). */
  private withNl<T>(stop: boolean, f: () => T): T {
    const saved = this.nlStop;
    this.nlStop = stop;
    const r = f();
    this.nlStop = saved;
    return r;
  }

  private lit(value: null | boolean | number | string): Expr {
    return { type: 'literal', value };
  }

  // --- expressions

  expression(): Expr {
    const at = this.peek().start;
    this.enter(at);
    const cond = this.binary(1);
    let out = cond;
    const q = this.peek();
    if (this.isPunct(q, '?') && !(this.nlStop && q.nl)) {
      this.next();
      const then = this.expression();
      this.expectPunct(':');
      const els = this.expression();
      out = this.mk({ type: 'conditional', cond, then, else: els }, [cond, then, els], at);
    }
    this.leave();
    return out;
  }

  private binary(min: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.type !== 'punct' || (this.nlStop && t.nl)) break;
      const level = LEVELS.get(t.text);
      if (level === undefined || level < min) break;
      this.next();
      const right = this.binary(level + 1);
      left = this.mk({ type: 'binary', op: t.text as BinaryOp, left, right }, [left, right], t.start);
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isPunct(t, '!') || this.isPunct(t, '-')) {
      this.next();
      this.enter(t.start);
      const operand = this.unary();
      this.leave();
      // Folding `-1` keeps negative numbers literals.
      if (t.text === '-' && operand.type === 'literal' && typeof operand.value === 'number') return this.lit(operand.value === 0 ? 0 : -operand.value);
      return this.mk({ type: 'unary', op: t.text as UnaryOp, operand }, [operand], t.start);
    }
    return this.postfix(this.primary(), 'full');
  }

  /** Attribute, index and splat steps; constant steps on a root name extend one traversal node. */
  private postfix(base: Expr, mode: 'full' | 'attr'): Expr {
    let e = base;
    // Steps of a traversal node this loop made and still owns.
    let owned: Step[] | undefined = e.type === 'traversal' ? [...e.steps] : undefined;
    const extend = (step: Step, make: () => Expr): void => {
      if (owned) {
        owned.push(step);
        e = { type: 'traversal', steps: owned };
      } else e = make();
    };
    for (;;) {
      const t = this.peek();
      if (t.type !== 'punct' || (this.nlStop && t.nl)) break;
      if (t.text === '.') {
        const after = t.end;
        const c = this.src[after];
        if (c === '*') {
          if (mode === 'attr') break;
          this.pos = after + 1;
          e = this.splat(e, 'attr', t.start);
          owned = undefined;
          continue;
        }
        if (c !== undefined && c >= '0' && c <= '9') {
          // Legacy `list.0` index form.
          let j = after;
          while (j < this.src.length && this.src[j]! >= '0' && this.src[j]! <= '9') j++;
          const n = Number(this.src.slice(after, j));
          this.pos = j;
          const target = e;
          extend({ kind: 'index', key: n }, () => this.mk({ type: 'index', target, key: this.lit(n) }, [target], t.start));
          continue;
        }
        this.next();
        const name = this.expectIdent('an attribute name after .').text;
        const target = e;
        extend({ kind: 'attr', name }, () => this.mk({ type: 'attr', target, name }, [target], t.start));
        continue;
      }
      if (mode === 'attr' || t.text !== '[') break;
      this.next();
      const star = this.peek();
      if (this.isPunct(star, '*')) {
        const save = this.pos;
        this.next();
        if (this.isPunct(this.peek(), ']')) {
          this.next();
          e = this.splat(e, 'full', t.start);
          owned = undefined;
          continue;
        }
        this.pos = save;
      }
      const key = this.withNl(false, () => this.expression());
      this.expectPunct(']');
      const target = e;
      const constant = key.type === 'literal' ? key.value : undefined;
      if (typeof constant === 'string' || (typeof constant === 'number' && Number.isSafeInteger(constant) && constant >= 0)) {
        extend({ kind: 'index', key: constant }, () => this.mk({ type: 'index', target, key }, [target, key], t.start));
      } else {
        owned = undefined;
        e = this.mk({ type: 'index', target, key }, [target, key], t.start);
      }
    }
    return e;
  }

  private splat(source: Expr, mode: 'full' | 'attr', at: number): Expr {
    this.enter(at);
    const each = this.postfix({ type: 'item' }, mode);
    this.leave();
    return this.mk({ type: 'splat', source, each }, [source, each], at);
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.type) {
      case 'number': {
        const v = Number(t.text);
        if (!Number.isFinite(v)) this.fail('number out of range', t.start);
        return this.lit(v);
      }
      case 'string':
        return this.withNl(false, () => this.template('quoted', this.src.length, t.start));
      case 'heredoc':
        return this.heredoc(t);
      case 'ident': {
        if (t.text === 'true') return this.lit(true);
        if (t.text === 'false') return this.lit(false);
        if (t.text === 'null') return this.lit(null);
        let name = t.text;
        let p = this.peek();
        if (this.isPunct(p, '::')) {
          while (this.isPunct(p, '::')) {
            this.next();
            name += `::${this.expectIdent('a function name after ::').text}`;
            p = this.peek();
          }
          if (!this.isPunct(p, '(')) this.fail('expected ( after a provider function name', p.start);
        }
        if (this.isPunct(p, '(') && !(this.nlStop && p.nl)) {
          this.next();
          return this.call(name, t.start);
        }
        return { type: 'traversal', steps: [{ kind: 'attr', name }] };
      }
      case 'punct':
        if (t.text === '(') {
          const inner = this.withNl(false, () => this.expression());
          this.expectPunct(')');
          return inner;
        }
        if (t.text === '[') return this.withNl(false, () => this.tuple(t.start));
        if (t.text === '{') return this.object(t.start);
        return this.fail(`unexpected ${t.text}`, t.start);
      case 'eof':
        return this.fail('unexpected end of expression', t.start);
    }
  }

  private call(name: string, at: number): Expr {
    return this.withNl(false, () => {
      const args: Expr[] = [];
      let expand = false;
      for (;;) {
        if (this.isPunct(this.peek(), ')')) {
          this.next();
          break;
        }
        args.push(this.expression());
        const s = this.next();
        if (this.isPunct(s, '...')) {
          expand = true;
          if (this.isPunct(this.peek(), ',')) this.next();
          this.expectPunct(')');
          break;
        }
        if (this.isPunct(s, ')')) break;
        if (!this.isPunct(s, ',')) this.fail('expected , or ) in function call', s.start);
      }
      return this.mk({ type: 'call', name, args, expand }, args, at);
    });
  }

  /** `for` opens a for-expression only when an identifier follows it. */
  private atFor(): boolean {
    const t = this.peek();
    if (t.type !== 'ident' || t.text !== 'for') return false;
    const save = this.pos;
    this.next();
    const u = this.peek();
    this.pos = save;
    return u.type === 'ident';
  }

  private tuple(at: number): Expr {
    if (this.atFor()) return this.forExpr(']', at);
    const items: Expr[] = [];
    for (;;) {
      if (this.isPunct(this.peek(), ']')) {
        this.next();
        break;
      }
      items.push(this.expression());
      const s = this.next();
      if (this.isPunct(s, ']')) break;
      if (!this.isPunct(s, ',')) this.fail('expected , or ] in tuple', s.start);
    }
    return this.mk({ type: 'tuple', items }, items, at);
  }

  private object(at: number): Expr {
    if (this.atFor()) return this.withNl(false, () => this.forExpr('}', at));
    return this.withNl(true, () => {
      const items: { key: Expr; value: Expr }[] = [];
      const children: Expr[] = [];
      for (;;) {
        const t = this.peek();
        if (this.isPunct(t, '}')) {
          this.next();
          break;
        }
        let key: Expr | undefined;
        if (t.type === 'ident') {
          // A naked identifier (even `null` or `for`) is a literal key.
          const save = this.pos;
          this.next();
          const u = this.peek();
          if (this.isPunct(u, '=') || this.isPunct(u, ':')) key = this.lit(t.text);
          else this.pos = save;
        }
        key ??= this.expression();
        const sep = this.next();
        if (!this.isPunct(sep, '=') && !this.isPunct(sep, ':')) this.fail('expected = or : after an object key', sep.start);
        const value = this.expression();
        items.push({ key, value });
        children.push(key, value);
        const after = this.peek();
        if (this.isPunct(after, ',')) this.next();
        else if (!this.isPunct(after, '}') && !after.nl) this.fail('expected a newline, , or } after an object item', after.start);
      }
      return this.mk({ type: 'object', items }, children, at);
    });
  }

  private forExpr(close: ']' | '}', at: number): Expr {
    this.next(); // `for`
    const first = this.expectIdent('an iterator name').text;
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.isPunct(this.peek(), ',')) {
      this.next();
      keyVar = first;
      valueVar = this.expectIdent('a value iterator name').text;
    }
    const kw = this.next();
    if (kw.type !== 'ident' || kw.text !== 'in') this.fail('expected in', kw.start);
    const collection = this.expression();
    this.expectPunct(':');
    let key: Expr | undefined;
    let group = false;
    if (close === '}') {
      key = this.expression();
      this.expectPunct('=>');
    }
    const value = this.expression();
    if (close === '}' && this.isPunct(this.peek(), '...')) {
      this.next();
      group = true;
    }
    let cond: Expr | undefined;
    const c = this.peek();
    if (c.type === 'ident' && c.text === 'if') {
      this.next();
      cond = this.expression();
    }
    this.expectPunct(close);
    return this.mk({ type: 'for', keyVar, valueVar, collection, key, value, cond, group }, [collection, key, value, cond], at);
  }

  // --- templates

  /**
   * Template text from `this.pos`: 'top' runs to `end` (hcl2json strings, already unescaped, so
   * only `$${` and `%%{` are escapes), 'quoted' to the closing quote (with backslash escapes),
   * 'heredoc' to `end`.
   */
  template(mode: 'top' | 'quoted' | 'heredoc', end: number, at = this.pos): Expr {
    this.enter(at);
    const flat = this.withNl(false, () => this.templateItems(mode, end));
    strip(flat);
    const idx = { i: 0 };
    const parts = this.buildParts(flat, idx, []);
    this.leave();
    const kept = parts.filter((p) => p.type !== 'text' || p.text !== '');
    if (kept.every((p) => p.type === 'text')) return this.lit(kept.map((p) => (p.type === 'text' ? p.text : '')).join(''));
    // HCL passes a lone interpolation through unconverted only if the source had nothing else:
    // text that ~ emptied still makes the result a string.
    const lone = flat.length === 1 && flat[0]?.k === 'interp';
    const out = kept.length === 1 && kept[0]?.type === 'interpolation' && !lone ? parts : kept;
    return this.mk({ type: 'template', parts: out }, out, at);
  }

  private templateItems(mode: 'top' | 'quoted' | 'heredoc', end: number): Flat[] {
    const s = this.src;
    const items: Flat[] = [];
    let buf = '';
    const flush = (): void => {
      if (buf !== '') items.push({ k: 'text', text: buf });
      buf = '';
    };
    let i = this.pos;
    let run = i;
    for (;;) {
      if (i >= end) {
        if (mode === 'quoted') this.fail('unterminated string', i);
        buf += s.slice(run, i);
        break;
      }
      const c = s.charCodeAt(i);
      if (mode === 'quoted' && c === 34) {
        buf += s.slice(run, i);
        i++;
        break;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === 123) {
        buf += s.slice(run, i);
        flush();
        this.pos = i + 2;
        items.push(c === 36 ? this.interpolation(i) : this.directive(i));
        i = this.pos;
        run = i;
        continue;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
        // `$${` and `%%{` are the escapes for a literal `${` and `%{`.
        buf += s.slice(run, i + 1) + '{';
        i += 3;
        run = i;
        continue;
      }
      if (mode === 'quoted' && c === 92) {
        buf += s.slice(run, i);
        const [text, len] = this.escape(i);
        buf += text;
        i += len;
        run = i;
        continue;
      }
      i++;
    }
    this.pos = i;
    flush();
    return items;
  }

  private escape(i: number): [string, number] {
    const c = this.src[i + 1];
    switch (c) {
      case 'n':
        return ['\n', 2];
      case 'r':
        return ['\r', 2];
      case 't':
        return ['\t', 2];
      case '"':
        return ['"', 2];
      case '\\':
        return ['\\', 2];
      case 'u':
      case 'U': {
        const n = c === 'u' ? 4 : 8;
        const hex = this.src.slice(i + 2, i + 2 + n);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== n) this.fail('invalid unicode escape', i);
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) this.fail('invalid unicode escape', i);
        return [String.fromCodePoint(cp), 2 + n];
      }
      default:
        return this.fail('invalid escape sequence', i);
    }
  }

  /** The optional `~` and the `}` that close `${...}` and `%{...}`; true when `~` strips after it. */
  private closeMarker(): boolean {
    let t = this.next();
    let sr = false;
    if (this.isPunct(t, '~')) {
      sr = true;
      t = this.next();
    }
    if (!this.isPunct(t, '}')) this.fail('expected } to close the template sequence', t.start);
    return sr;
  }

  private interpolation(at: number): Flat {
    const sl = this.src[this.pos] === '~';
    if (sl) this.pos++;
    const expr = this.expression();
    const sr = this.closeMarker();
    return { k: 'interp', expr, sl, sr, at };
  }

  private directive(at: number): Flat {
    const sl = this.src[this.pos] === '~';
    if (sl) this.pos++;
    const kw = this.expectIdent('a template directive');
    switch (kw.text) {
      case 'if': {
        const cond = this.expression();
        return { k: 'if', cond, sl, sr: this.closeMarker(), at };
      }
      case 'for': {
        const first = this.expectIdent('an iterator name').text;
        let keyVar: string | undefined;
        let valueVar = first;
        if (this.isPunct(this.peek(), ',')) {
          this.next();
          keyVar = first;
          valueVar = this.expectIdent('a value iterator name').text;
        }
        const inKw = this.next();
        if (inKw.type !== 'ident' || inKw.text !== 'in') this.fail('expected in', inKw.start);
        const coll = this.expression();
        return { k: 'for', keyVar, valueVar, coll, sl, sr: this.closeMarker(), at };
      }
      case 'else':
      case 'endif':
      case 'endfor':
        return { k: kw.text, sl, sr: this.closeMarker(), at };
      default:
        return this.fail(`unknown template directive ${kw.text}`, kw.start);
    }
  }

  private buildParts(items: readonly Flat[], idx: { i: number }, stop: readonly string[]): TemplatePart[] {
    const parts: TemplatePart[] = [];
    while (idx.i < items.length) {
      const it = items[idx.i]!;
      switch (it.k) {
        case 'text':
          parts.push({ type: 'text', text: it.text });
          idx.i++;
          break;
        case 'interp':
          parts.push(this.mk({ type: 'interpolation', expr: it.expr }, [it.expr], it.at));
          idx.i++;
          break;
        case 'if': {
          idx.i++;
          this.enter(it.at);
          const then = this.buildParts(items, idx, ['else', 'endif']);
          let els: TemplatePart[] = [];
          if (items[idx.i]?.k === 'else') {
            idx.i++;
            els = this.buildParts(items, idx, ['endif']);
          }
          if (items[idx.i]?.k !== 'endif') this.fail('%{if} without %{endif}', it.at);
          idx.i++;
          this.leave();
          parts.push(this.mk({ type: 'if', cond: it.cond, then, else: els }, [it.cond, ...then, ...els], it.at));
          break;
        }
        case 'for': {
          idx.i++;
          this.enter(it.at);
          const body = this.buildParts(items, idx, ['endfor']);
          if (items[idx.i]?.k !== 'endfor') this.fail('%{for} without %{endfor}', it.at);
          idx.i++;
          this.leave();
          parts.push(this.mk({ type: 'for', keyVar: it.keyVar, valueVar: it.valueVar, collection: it.coll, body }, [it.coll, ...body], it.at));
          break;
        }
        default:
          if (stop.includes(it.k)) return parts;
          return this.fail(`unexpected %{${it.k}}`, it.at);
      }
    }
    return parts;
  }

  private heredoc(t: Tok): Expr {
    const s = this.src;
    let lineStart = t.end;
    let bodyEnd = -1;
    let closeEnd = -1;
    while (bodyEnd < 0) {
      const nlAt = s.indexOf('\n', lineStart);
      const lineEnd = nlAt < 0 ? s.length : nlAt;
      const line = s.slice(lineStart, lineEnd);
      if (line.trim() === t.text) {
        bodyEnd = lineStart;
        closeEnd = lineStart + line.indexOf(t.text) + t.text.length;
      } else if (nlAt < 0) this.fail('unterminated heredoc', t.start);
      else lineStart = nlAt + 1;
    }
    let e: Expr;
    if (!t.flush) {
      this.pos = t.end;
      e = this.template('heredoc', bodyEnd, t.start);
      if (this.pos !== bodyEnd) this.fail('heredoc template runs past its end', t.start);
    } else {
      // `<<-` removes the smallest indentation of its non-blank lines before the template is read.
      const lines = s.slice(t.end, bodyEnd).split('\n');
      let indent = Infinity;
      for (const l of lines) {
        const m = /^[ \t]*/.exec(l)![0].length;
        if (m < l.replace(/\r$/, '').length) indent = Math.min(indent, m);
      }
      const text = indent === Infinity ? lines.join('\n') : lines.map((l) => l.slice(Math.min(indent, /^[ \t]*/.exec(l)![0].length))).join('\n');
      const sub = new Parser(text, this.depth, this.fixedOffset ?? t.start);
      e = sub.template('top', text.length, 0);
    }
    this.pos = closeEnd;
    return e;
  }
}

function isSpace(c: string): boolean {
  // Go's unicode.IsSpace, which HCL's strip markers and trimspace use.
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case '\u0085':
    case '\u00a0':
      return true;
    default:
      return c > '\u00ff' && /^\p{White_Space}$/u.test(c);
  }
}

function trimStartSpace(s: string): string {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  return s.slice(i);
}

function trimEndSpace(s: string): string {
  let j = s.length;
  while (j > 0 && isSpace(s[j - 1]!)) j--;
  return s.slice(0, j);
}

/** Applies `~` strip markers: whitespace next to a marked sequence is removed from the literal text. */
function strip(items: Flat[]): void {
  for (let j = 0; j < items.length; j++) {
    const it = items[j]!;
    if (it.k !== 'text') continue;
    let text = it.text;
    const prev = items[j - 1];
    const next = items[j + 1];
    if (prev && prev.k !== 'text' && prev.sr) text = trimStartSpace(text);
    if (next && next.k !== 'text' && next.sl) text = trimEndSpace(text);
    items[j] = { k: 'text', text };
  }
}

function checkText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new ExprSyntaxError('not a string', 0);
  if (text.length > LIMITS.text) throw new ExprSyntaxError('text too long', LIMITS.text);
}

/** A string value from hcl2json: literal text with ${...} interpolations and %{if}/%{else}/%{endif} and %{for x in y}...%{endfor} directives, with ~ strip markers; $${ and %%{ are escapes. */
export function parseTemplate(text: string): Expr {
  checkText(text);
  return quickTemplate(text) ?? new Parser(text, 0).template('top', text.length, 0);
}

/** The same as parseTemplate, always through the parser: what the quick forms are tested against. */
export function parseTemplateFully(text: string): Expr {
  checkText(text);
  return new Parser(text, 0).template('top', text.length, 0);
}

/**
 * `${a.b[0].c}`: an interpolation of a traversal of plain ASCII names and small whole-number indexes,
 * the usual reference of a .tf file.
 */
const PLAIN_INTERPOLATION = /\$\{([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[(?:0|[1-9][0-9]{0,8})\])*)\}/g;
const STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[([0-9]+)\]/g;
const KEYWORDS = new Set(['true', 'false', 'null']);

function plainTraversal(text: string): Expr | undefined {
  const first = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text)![0];
  if (KEYWORDS.has(first)) return undefined;
  const steps: Step[] = [{ kind: 'attr', name: first }];
  STEP.lastIndex = first.length;
  for (let m = STEP.exec(text); m !== null; m = STEP.exec(text)) steps.push(m[1] !== undefined ? { kind: 'attr', name: m[1] } : { kind: 'index', key: Number(m[2]) });
  return { type: 'traversal', steps };
}

/**
 * The forms most strings take, built without the parser: text with nothing to interpolate, escape or
 * strip, and text with interpolations of plain traversals (`"st${var.env}01"`, `"${a.b[0].c}"`) and no
 * other `$`. Anything else returns undefined.
 */
function quickTemplate(text: string): Expr | undefined {
  if (!/[$%\\\r]/.test(text)) return { type: 'literal', value: text };
  if (/[%\\\r]/.test(text)) return undefined;
  const parts: TemplatePart[] = [];
  let at = 0;
  PLAIN_INTERPOLATION.lastIndex = 0;
  for (let m = PLAIN_INTERPOLATION.exec(text); m !== null; m = PLAIN_INTERPOLATION.exec(text)) {
    const before = text.slice(at, m.index);
    if (before.includes('$')) return undefined;
    if (before !== '') parts.push({ type: 'text', text: before });
    const expr = plainTraversal(m[1]!);
    if (!expr) return undefined;
    parts.push({ type: 'interpolation', expr });
    at = PLAIN_INTERPOLATION.lastIndex;
  }
  const after = text.slice(at);
  if (parts.length === 0 || after.includes('$')) return undefined;
  if (after !== '') parts.push({ type: 'text', text: after });
  return { type: 'template', parts };
}

/** One HCL expression. */
export function parseExpression(text: string): Expr {
  checkText(text);
  const p = new Parser(text, 0);
  const e = p.expression();
  p.expectEnd();
  return e;
}

// ---------------------------------------------------------------------------------------------
// References

export interface Reference {
  readonly text: string;
  readonly steps: readonly Step[];
}

/**
 * Every traversal the expression reads, in source order, without duplicates: from its root name through attribute steps and constant index steps ([0], ["k"]), stopping before a non-constant index or a splat (so `azurerm_x.y[each.key].id` gives azurerm_x.y and each.key). Excludes for-expression iterator names and function names; includes each.*, count.index, self, path.*, terraform.*.
 * `decide` gives a condition's value when it is known: the branch not taken is not read. Without it, or when it gives undefined, both are.
 * `onCall` is given the name of each function called on the way.
 */
export function references(expr: Expr, decide?: (cond: Expr) => boolean | undefined, onCall?: (name: string) => void): Reference[] {
  const out: Reference[] = [];
  const seen = new Set<string>();
  const bound: string[] = [];
  // A condition inside a for expression may read its iterator: only one outside any is decided.
  const choose = (cond: Expr): boolean | undefined => (decide && bound.length === 0 ? decide(cond) : undefined);
  const parts = (ps: readonly TemplatePart[]): void => {
    for (const p of ps) {
      switch (p.type) {
        case 'text':
          break;
        case 'interpolation':
          walk(p.expr);
          break;
        case 'if': {
          const d = choose(p.cond);
          walk(p.cond);
          if (d !== false) parts(p.then);
          if (d !== true) parts(p.else);
          break;
        }
        case 'for':
          walk(p.collection);
          bound.push(...names(p.keyVar, p.valueVar));
          parts(p.body);
          bound.length -= names(p.keyVar, p.valueVar).length;
          break;
      }
    }
  };
  const walk = (e: Expr): void => {
    switch (e.type) {
      case 'literal':
      case 'item':
        return;
      case 'traversal': {
        const root = e.steps[0];
        if (!root || root.kind !== 'attr' || bound.includes(root.name)) return;
        const text = formatSteps(e.steps);
        if (!seen.has(text)) {
          seen.add(text);
          out.push({ text, steps: e.steps });
        }
        return;
      }
      case 'template':
        return parts(e.parts);
      case 'attr':
        return walk(e.target);
      case 'index':
        walk(e.target);
        return walk(e.key);
      case 'splat':
        walk(e.source);
        return walk(e.each);
      case 'call':
        onCall?.(e.name);
        for (const a of e.args) walk(a);
        return;
      case 'unary':
        return walk(e.operand);
      case 'binary':
        walk(e.left);
        return walk(e.right);
      case 'conditional': {
        const d = choose(e.cond);
        walk(e.cond);
        if (d !== false) walk(e.then);
        if (d !== true) walk(e.else);
        return;
      }
      case 'tuple':
        for (const x of e.items) walk(x);
        return;
      case 'object':
        for (const it of e.items) {
          walk(it.key);
          walk(it.value);
        }
        return;
      case 'for': {
        walk(e.collection);
        const ns = names(e.keyVar, e.valueVar);
        bound.push(...ns);
        if (e.key) walk(e.key);
        walk(e.value);
        if (e.cond) walk(e.cond);
        bound.length -= ns.length;
        return;
      }
    }
  };
  walk(expr);
  return out;
}

function names(keyVar: string | undefined, valueVar: string): string[] {
  return keyVar === undefined ? [valueVar] : [keyVar, valueVar];
}

// ---------------------------------------------------------------------------------------------
// Evaluation. Inside, a value is V: JSON with maps as Map (so no key is ever a prototype member)
// and UNK marking what is not known, so a partly known list still has a known length.

const UNK: unique symbol = Symbol('unknown');
type V = null | boolean | number | string | V[] | VMap | typeof UNK;
interface VMap extends Map<string, V> {}

/** A Terraform evaluation error: `try` and `can` catch it; outside them the result is UNKNOWN. */
class Fail {
  constructor(readonly reason: string) {}
}
/** A bound was exceeded: nothing catches it short of the public entry points. */
class Limit {
  constructor(readonly reason: string) {}
}

type Env = ReadonlyMap<string, V>;
/** Not an identifier, so it cannot clash with a for-expression name. */
const ITEM = ' item';
const EMPTY_ENV: Env = new Map();

export interface Scope {
  /** The value of a traversal from a root name, e.g. ['var','x'], ['local','y'], ['azurerm_x','y','id'], ['module','m','out'], ['each','value'], ['count','index']: called with the longest constant prefix; the evaluator applies any further steps itself. Return UNKNOWN when the name exists but its value is not known. */
  resolve(steps: readonly Step[]): Value;
}

class Ctx {
  work = 0;
  chars = 0;
  /** Inside try() or can(), where a missing attribute must be an error rather than unknown. */
  probing = 0;
  #converted: WeakMap<object, V> | undefined;
  constructor(readonly scope: Scope) {}

  /** Scope results by identity: a for-expression reading one large local converts it once. Made on first use: most expressions read no object. */
  get converted(): WeakMap<object, V> {
    return (this.#converted ??= new WeakMap());
  }

  spend(n: number): void {
    this.work += n;
    if (this.work > LIMITS.work) throw new Limit('evaluation too long');
  }

  string(s: string): string {
    if (s.length > LIMITS.text) throw new Limit('string too long');
    this.chars += s.length;
    if (this.chars > LIMITS.chars) throw new Limit('too many characters built');
    return s;
  }

  size(n: number): void {
    if (n > LIMITS.elements) throw new Limit('collection too large');
    this.spend(n);
  }
}

function isMap(v: V): v is VMap {
  return v instanceof Map;
}

/** Containers known to hold no UNK: values are never mutated once built, so this holds forever. */
const WHOLLY_KNOWN = new WeakSet<object>();

function hasUnknown(v: V): boolean {
  if (v === UNK) return true;
  if (v === null || typeof v !== 'object') return false;
  if (WHOLLY_KNOWN.has(v)) return false;
  const children = Array.isArray(v) ? v : v.values();
  for (const x of children) if (hasUnknown(x)) return true;
  WHOLLY_KNOWN.add(v);
  return false;
}

function fromJson(x: unknown, c: Ctx, depth: number): V {
  if (x === null) return null;
  switch (typeof x) {
    case 'boolean':
    case 'string':
      return x;
    case 'number':
      return Number.isFinite(x) ? x : UNK;
    case 'object':
      break;
    default:
      return UNK;
  }
  if (depth > LIMITS.valueDepth) throw new Limit('value nested too deeply');
  c.spend(1);
  if (Array.isArray(x)) {
    c.size(x.length);
    const out: V[] = [];
    for (let i = 0; i < x.length; i++) out.push(fromJson(x[i], c, depth + 1));
    return out;
  }
  const proto = Object.getPrototypeOf(x) as unknown;
  if (proto !== Object.prototype && proto !== null) return UNK;
  const keys = Object.keys(x);
  c.size(keys.length);
  const m: VMap = new Map();
  for (const k of keys) m.set(k, fromJson((x as Record<string, unknown>)[k], c, depth + 1));
  return m;
}

function toJson(v: V): Json {
  if (v === UNK) throw new Limit('unknown value in a known result');
  if (Array.isArray(v)) return v.map(toJson);
  if (isMap(v)) {
    const o: { [key: string]: Json } = {};
    // defineProperty, so `__proto__` and `constructor` stay plain own data.
    for (const k of sortedKeys(v)) Object.defineProperty(o, k, { value: toJson(v.get(k) as V), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

function finish(v: V): Value {
  return hasUnknown(v) ? UNKNOWN : known(toJson(v));
}

export function evaluate(expr: Expr, scope: Scope): Value {
  try {
    return finish(ev(expr, EMPTY_ENV, new Ctx(scope)));
  } catch {
    // Fail, Limit, or anything a caller-built tree or scope might throw.
    return UNKNOWN;
  }
}

/** An hcl2json attribute value: strings are templates, arrays and objects are evaluated element by element; unknown if any part the result needs is unknown. */
export function evaluateJson(value: unknown, scope: Scope): Value {
  try {
    return finish(evalJson(value, new Ctx(scope), 0));
  } catch {
    return UNKNOWN;
  }
}

function evalJson(x: unknown, c: Ctx, depth: number): V {
  if (depth > LIMITS.valueDepth) throw new Limit('value nested too deeply');
  c.spend(1);
  if (typeof x === 'string') return evalText(x, c);
  if (x === null || typeof x === 'boolean') return x;
  if (typeof x === 'number') return Number.isFinite(x) ? x : UNK;
  if (Array.isArray(x)) {
    c.size(x.length);
    return x.map((y) => evalJson(y, c, depth + 1));
  }
  if (typeof x !== 'object') return UNK;
  const keys = Object.keys(x);
  c.size(keys.length);
  const m: VMap = new Map();
  let unknownKey = false;
  for (const k of keys) {
    // hcl2json writes expression keys as templates: `"${(var.k)}"`, `"k${var.x}"`.
    const key = k.includes('{') ? evalText(k, c) : k;
    const v = evalJson((x as Record<string, unknown>)[k], c, depth + 1);
    if (key === UNK) unknownKey = true;
    else m.set(keyString(key), v);
  }
  return unknownKey ? UNK : m;
}

function evalText(text: string, c: Ctx): V {
  let e: Expr;
  try {
    e = parseTemplate(text);
  } catch {
    throw new Fail('syntax error');
  }
  return ev(e, EMPTY_ENV, c);
}

function ev(e: Expr, env: Env, c: Ctx): V {
  c.spend(1);
  switch (e.type) {
    case 'literal':
      return e.value;
    case 'template':
      return evalTemplate(e.parts, env, c);
    case 'traversal':
      return evalTraversal(e.steps, env, c);
    case 'attr':
      return getAttr(ev(e.target, env, c), e.name);
    case 'index': {
      const target = ev(e.target, env, c);
      return getIndex(target, ev(e.key, env, c));
    }
    case 'item': {
      const v = env.get(ITEM);
      if (v === undefined) throw new Fail('splat item outside a splat');
      return v;
    }
    case 'splat': {
      const src = ev(e.source, env, c);
      if (src === UNK) return UNK;
      // Terraform: null splats to an empty list, a single value to a one-element list.
      const items = src === null ? [] : Array.isArray(src) ? src : [src];
      c.size(items.length);
      return items.map((x) => ev(e.each, bind(env, ITEM, x), c));
    }
    case 'call':
      return evalCall(e, env, c);
    case 'unary': {
      const v = ev(e.operand, env, c);
      if (v === UNK) return UNK;
      return e.op === '!' ? !toBool(v) : num(-toNum(v));
    }
    case 'binary':
      return evalBinary(e, env, c);
    case 'conditional': {
      const cond = ev(e.cond, env, c);
      if (cond !== UNK) return toBool(cond) ? ev(e.then, env, c) : ev(e.else, env, c);
      // An unknown condition still gives a value both branches agree on.
      let a: V;
      let b: V;
      try {
        a = ev(e.then, env, c);
        b = ev(e.else, env, c);
      } catch (x) {
        if (x instanceof Fail) return UNK;
        throw x;
      }
      return !hasUnknown(a) && !hasUnknown(b) && equal(a, b) === true ? a : UNK;
    }
    case 'tuple':
      c.size(e.items.length);
      return e.items.map((x) => ev(x, env, c));
    case 'object': {
      c.size(e.items.length);
      const m: VMap = new Map();
      let unknownKey = false;
      for (const it of e.items) {
        const k = ev(it.key, env, c);
        const v = ev(it.value, env, c);
        if (k === UNK) unknownKey = true;
        else m.set(keyString(k), v);
      }
      return unknownKey ? UNK : m;
    }
    case 'for':
      return evalFor(e, env, c);
    default:
      throw new Fail('not an expression');
  }
}

function bind(env: Env, name: string, v: V): Env {
  const m = new Map(env);
  m.set(name, v);
  return m;
}

const PROBED_ROOTS = new Set(['var', 'local', 'each']);

function evalTraversal(steps: readonly Step[], env: Env, c: Ctx): V {
  const root = steps[0];
  if (!root || root.kind !== 'attr') throw new Fail('traversal without a root name');
  let value: V;
  let i = 1;
  const local = env.get(root.name);
  if (local !== undefined) value = local;
  else {
    i = steps.length;
    value = resolve(steps, c);
    if (value === UNK && c.probing > 0 && PROBED_ROOTS.has(root.name)) {
      // The scope answers UNKNOWN for a key missing from a known value too; inside try/can that
      // must fail, so find the longest known prefix and walk the rest here. Only for roots whose
      // known values are complete: a resource's known configuration lacks its computed attributes.
      for (let k = steps.length - 1; k >= 2; k--) {
        const v = resolve(steps.slice(0, k), c);
        if (v !== UNK) {
          value = v;
          i = k;
          break;
        }
      }
    }
  }
  for (; i < steps.length; i++) {
    const s = steps[i]!;
    value = s.kind === 'attr' ? getAttr(value, s.name) : getIndex(value, s.key);
  }
  return value;
}

function resolve(steps: readonly Step[], c: Ctx): V {
  let r: Value;
  try {
    r = c.scope.resolve(steps);
  } catch {
    return UNK;
  }
  if (r === null || typeof r !== 'object' || r.known !== true) return UNK;
  const raw: unknown = r.value;
  if (raw !== null && typeof raw === 'object') {
    const hit = c.converted.get(raw);
    if (hit !== undefined) return hit;
    const v = fromJson(raw, c, 0);
    c.converted.set(raw, v);
    return v;
  }
  return fromJson(raw, c, 0);
}

function getAttr(v: V, name: string): V {
  if (v === UNK) return UNK;
  if (isMap(v)) {
    const x = v.get(name);
    if (x === undefined) throw new Fail(`no attribute ${name}`);
    return x;
  }
  throw new Fail(`cannot read attribute ${name} of ${kindOf(v)}`);
}

function getIndex(v: V, key: V): V {
  if (v === UNK || key === UNK) return UNK;
  if (Array.isArray(v)) {
    const n = typeof key === 'string' && /^[0-9]+$/.test(key) ? Number(key) : key;
    if (typeof n !== 'number' || !Number.isInteger(n)) throw new Fail('a list index must be a whole number');
    if (n < 0 || n >= v.length) throw new Fail('index out of range');
    return v[n] as V;
  }
  if (isMap(v)) {
    const x = v.get(keyString(key));
    if (x === undefined) throw new Fail('no such key');
    return x;
  }
  throw new Fail(`cannot index ${kindOf(v)}`);
}

function kindOf(v: V): string {
  if (v === null) return 'null';
  if (v === UNK) return 'unknown';
  if (Array.isArray(v)) return 'a list';
  if (isMap(v)) return 'a map';
  return `a ${typeof v}`;
}

function keyString(k: V): string {
  if (typeof k === 'string') return k;
  if (typeof k === 'number') return formatNumber(k);
  if (typeof k === 'boolean') return String(k);
  throw new Fail(`a key must be a string, not ${kindOf(k)}`);
}

function evalTemplate(parts: readonly TemplatePart[], env: Env, c: Ctx): V {
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.type === 'interpolation') return ev(only.expr, env, c);
  const out = { pieces: [] as string[], length: 0, unknown: false };
  render(parts, env, c, out);
  return out.unknown ? UNK : c.string(out.pieces.join(''));
}

function render(parts: readonly TemplatePart[], env: Env, c: Ctx, out: { pieces: string[]; length: number; unknown: boolean }): void {
  const append = (s: string): void => {
    out.length += s.length;
    if (out.length > LIMITS.text) throw new Limit('string too long');
    out.pieces.push(s);
  };
  for (const p of parts) {
    switch (p.type) {
      case 'text':
        append(p.text);
        break;
      case 'interpolation': {
        const v = ev(p.expr, env, c);
        if (v === UNK) out.unknown = true;
        else append(str(v));
        break;
      }
      case 'if': {
        const cond = ev(p.cond, env, c);
        if (cond === UNK) out.unknown = true;
        else render(toBool(cond) ? p.then : p.else, env, c, out);
        break;
      }
      case 'for': {
        const coll = ev(p.collection, env, c);
        if (coll === UNK) {
          out.unknown = true;
          break;
        }
        for (const [k, v] of entries(coll, c)) render(p.body, bindPair(env, p.keyVar, k, p.valueVar, v), c, out);
        break;
      }
    }
  }
}

function bindPair(env: Env, keyVar: string | undefined, k: V, valueVar: string, v: V): Env {
  const m = new Map(env);
  if (keyVar !== undefined) m.set(keyVar, k);
  m.set(valueVar, v);
  return m;
}

/** What a for-expression iterates: index and element of a list, key and value of a map in key order. */
function entries(coll: V, c: Ctx): [V, V][] {
  if (Array.isArray(coll)) {
    c.size(coll.length);
    return coll.map((v, i) => [i, v]);
  }
  if (isMap(coll)) {
    c.size(coll.size);
    return sortedKeys(coll).map((k) => [k, coll.get(k) as V]);
  }
  throw new Fail(`cannot iterate over ${kindOf(coll)}`);
}

function evalFor(e: Extract<Expr, { type: 'for' }>, env: Env, c: Ctx): V {
  const coll = ev(e.collection, env, c);
  if (coll === UNK) return UNK;
  const list: V[] = [];
  const m: VMap = new Map();
  let unknown = false;
  for (const [k, v] of entries(coll, c)) {
    const inner = bindPair(env, e.keyVar, k, e.valueVar, v);
    if (e.cond) {
      const cond = ev(e.cond, inner, c);
      // Whether this element is in the result is not known, so neither is the result.
      if (cond === UNK) {
        unknown = true;
        continue;
      }
      if (!toBool(cond)) continue;
    }
    if (e.key === undefined) {
      list.push(ev(e.value, inner, c));
      continue;
    }
    const kv = ev(e.key, inner, c);
    const vv = ev(e.value, inner, c);
    if (kv === UNK) {
      unknown = true;
      continue;
    }
    const key = keyString(kv);
    if (e.group) {
      const g = m.get(key);
      if (Array.isArray(g)) g.push(vv);
      else m.set(key, [vv]);
    } else {
      if (m.has(key)) throw new Fail(`duplicate key ${JSON.stringify(key)} in for expression; use ... to group`);
      m.set(key, vv);
    }
  }
  if (unknown) return UNK;
  return e.key === undefined ? list : m;
}

function evalBinary(e: Extract<Expr, { type: 'binary' }>, env: Env, c: Ctx): V {
  const op = e.op;
  if (op === '&&' || op === '||') {
    // Short-circuits like Terraform 1.12+; a known deciding operand makes an unknown other one irrelevant.
    const decides = op === '||';
    const l = boolOrUnknown(ev(e.left, env, c));
    if (l === decides) return decides;
    const r = boolOrUnknown(ev(e.right, env, c));
    if (r === decides) return decides;
    return l === UNK || r === UNK ? UNK : !decides;
  }
  const l = ev(e.left, env, c);
  const r = ev(e.right, env, c);
  if (op === '==' || op === '!=') {
    const q = equal(l, r);
    return q === UNK ? UNK : op === '==' ? q : !q;
  }
  if (l === UNK || r === UNK) return UNK;
  const a = toNum(l);
  const b = toNum(r);
  switch (op) {
    case '+':
      return num(a + b);
    case '-':
      return num(a - b);
    case '*':
      return num(a * b);
    case '/':
      if (b === 0) throw new Fail('division by zero');
      return num(a / b);
    case '%':
      if (b === 0) throw new Fail('modulo by zero');
      return num(a % b);
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
  }
}

function boolOrUnknown(v: V): boolean | typeof UNK {
  return v === UNK ? UNK : toBool(v);
}

/** Terraform equality: no conversion between types; unknown where an unknown part could decide it. */
function equal(a: V, b: V): boolean | typeof UNK {
  if (a === UNK || b === UNK) return UNK;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    let unknown = false;
    for (let i = 0; i < a.length; i++) {
      const q = equal(a[i] as V, b[i] as V);
      if (q === false) return false;
      if (q === UNK) unknown = true;
    }
    return unknown ? UNK : true;
  }
  if (isMap(a)) {
    if (!isMap(b) || a.size !== b.size) return false;
    let unknown = false;
    for (const [k, x] of a) {
      const y = b.get(k);
      if (y === undefined) return false;
      const q = equal(x, y);
      if (q === false) return false;
      if (q === UNK) unknown = true;
    }
    return unknown ? UNK : true;
  }
  return a === b;
}

function num(x: number): number {
  if (!Number.isFinite(x)) throw new Fail('number out of range');
  return x === 0 ? 0 : x;
}

const NUMBER_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function toNum(v: V): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER_TEXT.test(v)) return num(Number(v));
  throw new Fail(`a number is required, not ${kindOf(v)}`);
}

function toInt(v: V): number {
  const n = toNum(v);
  if (!Number.isInteger(n)) throw new Fail('a whole number is required');
  return n;
}

function toBool(v: V): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new Fail(`a bool is required, not ${kindOf(v)}`);
}

/** Terraform's conversion to string: numbers in their shortest decimal form, never null or a collection. */
function str(v: V): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new Fail(`a string is required, not ${kindOf(v)}`);
}

function toList(v: V): V[] {
  if (Array.isArray(v)) return v;
  throw new Fail(`a list is required, not ${kindOf(v)}`);
}

function toMap(v: V): VMap {
  if (isMap(v)) return v;
  throw new Fail(`a map is required, not ${kindOf(v)}`);
}

/** cty's number to string: big.Float Text('f', -1), shortest round-trip digits and never an exponent. */
export function formatNumber(n: number): string {
  if (n === 0) return '0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const neg = s.startsWith('-');
  const mant = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mant.indexOf('.');
  const digits = mant.replace('.', '');
  const point = (dot < 0 ? mant.length : dot) + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}

/** Go's %g with shortest precision (format's %v of a number): exponent form from 1e+06 and below 1e-04. */
function formatG(n: number, upper: boolean): string {
  if (n === 0) return '0';
  const [m = '', x = '0'] = n.toExponential().split('e');
  const exp = Number(x);
  if (exp < -4 || exp >= 6) {
    const e = `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return m + e;
  }
  return formatNumber(n);
}

/** Go compares strings by UTF-8 bytes, that is by code point; UTF-16 order differs above U+FFFF. */
function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function sortedKeys(m: VMap): string[] {
  return [...m.keys()].sort(compareStrings);
}

/** Go's json.Marshal string form, which Terraform's jsonencode uses: HTML-sensitive characters escaped. */
function quoteJson(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** jsonencode: keys sorted, no spaces. Without a context it is an equality key and not budgeted. */
function encodeJson(v: V, c?: Ctx): string {
  const out: string[] = [];
  let length = 0;
  const push = (s: string): void => {
    length += s.length;
    if (c && length > LIMITS.text) throw new Limit('string too long');
    out.push(s);
  };
  const walk = (x: V): void => {
    c?.spend(1);
    if (x === UNK) throw new Limit('unknown value in jsonencode');
    if (x === null) push('null');
    else if (typeof x === 'boolean') push(x ? 'true' : 'false');
    else if (typeof x === 'number') push(formatNumber(x));
    else if (typeof x === 'string') push(quoteJson(x));
    else if (Array.isArray(x)) {
      push('[');
      x.forEach((y, i) => {
        if (i > 0) push(',');
        walk(y);
      });
      push(']');
    } else {
      push('{');
      sortedKeys(x).forEach((k, i) => {
        if (i > 0) push(',');
        push(quoteJson(k));
        push(':');
        walk(x.get(k) as V);
      });
      push('}');
    }
  };
  walk(v);
  const s = out.join('');
  return c ? c.string(s) : s;
}

/** Made on first use: creating one loads ICU's break data, which every run would otherwise pay at start-up. */
let segmenter: Intl.Segmenter | undefined;

/** Terraform measures strings in grapheme clusters (length, substr, format widths). */
function graphemes(s: string): string[] {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

/** Go maps case one code point at a time and keeps a character whose mapping would be longer (ß). */
function mapRunes(s: string, f: (ch: string) => string): string {
  let out = '';
  for (const ch of s) {
    const m = f(ch);
    out += m.length === ch.length || [...m].length === 1 ? m : ch;
  }
  return out;
}

/** Go's strings.Title word boundaries. */
function isTitleSeparator(ch: string): boolean {
  if (ch <= '\u007f') return !/[0-9A-Za-z_]/.test(ch);
  if (/^[\p{L}\p{Nd}]$/u.test(ch)) return false;
  return isSpace(ch);
}

/** Sets: deduplicated; strings sorted (and mixed primitives unified to strings), numbers numerically. */
function setOf(items: readonly V[], c: Ctx): V[] {
  c.size(items.length);
  if (items.some((x) => x === null)) throw new Fail('a set cannot contain null');
  if (items.every((x) => typeof x === 'number')) return [...new Set(items as number[])].sort((a, b) => a - b);
  if (items.every((x) => typeof x === 'boolean')) return [false, true].filter((b) => items.includes(b));
  if (items.every((x) => typeof x !== 'object')) return [...new Set(items.map(str))].sort(compareStrings);
  const seen = new Set<string>();
  const out: V[] = [];
  for (const x of items) {
    const k = encodeJson(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

function joinChecked(pieces: readonly string[], sep: string, c: Ctx): string {
  let total = sep.length * Math.max(0, pieces.length - 1);
  for (const p of pieces) total += p.length;
  if (total > LIMITS.text) throw new Limit('string too long');
  return c.string(pieces.join(sep));
}

function pad(s: string, width: number | undefined, minus: boolean, zero: boolean): string {
  if (width === undefined) return s;
  if (width > LIMITS.text) throw new Limit('format width too large');
  const n = graphemes(s).length;
  if (n >= width) return s;
  const fill = (zero && !minus ? '0' : ' ').repeat(width - n);
  return minus ? s + fill : fill + s;
}

/** Pads a formatted number, with zeros after its sign when asked. */
function padNumber(sign: string, digits: string, width: number | undefined, minus: boolean, zero: boolean): string {
  if (width !== undefined && zero && !minus) {
    if (width > LIMITS.text) throw new Limit('format width too large');
    return sign + digits.padStart(width - sign.length, '0');
  }
  return pad(sign + digits, width, minus, false);
}

/** Terraform's format(): %% %v %#v %t %s %q %d %b %o %x %X %e %E %f %F %g %G with flags, width, precision and [n]. */
function format(fmt: string, args: readonly V[], c: Ctx): V {
  const out: string[] = [];
  let length = 0;
  const push = (s: string): void => {
    length += s.length;
    if (length > LIMITS.text) throw new Limit('string too long');
    out.push(s);
  };
  let argi = 0;
  let highest = 0;
  let i = 0;
  const n = fmt.length;
  while (i < n) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      push(fmt.slice(i));
      break;
    }
    push(fmt.slice(i, pct));
    let j = pct + 1;
    if (fmt[j] === '%') {
      push('%');
      i = j + 1;
      continue;
    }
    const flags = { minus: false, plus: false, zero: false, space: false, sharp: false };
    for (; j < n; j++) {
      const f = fmt[j];
      if (f === '-') flags.minus = true;
      else if (f === '+') flags.plus = true;
      else if (f === '0') flags.zero = true;
      else if (f === ' ') flags.space = true;
      else if (f === '#') flags.sharp = true;
      else break;
    }
    if (fmt[j] === '[') {
      const close = fmt.indexOf(']', j);
      const idx = close < 0 ? NaN : Number(fmt.slice(j + 1, close));
      if (!Number.isInteger(idx) || idx < 1) throw new Fail('invalid argument index in format');
      argi = idx - 1;
      j = close + 1;
    }
    let width: number | undefined;
    const w = /^[0-9]+/.exec(fmt.slice(j, j + 12));
    if (w) {
      width = Number(w[0]);
      j += w[0].length;
    }
    let prec: number | undefined;
    if (fmt[j] === '.') {
      const p = /^[0-9]+/.exec(fmt.slice(j + 1, j + 13));
      if (!p) throw new Fail('a period in a format verb must be followed by a precision');
      prec = Number(p[0]);
      j += 1 + p[0].length;
    }
    const verb = fmt[j];
    if (verb === undefined) throw new Fail('unterminated format verb');
    j++;
    if (argi >= args.length) throw new Fail('not enough arguments for format');
    const arg = args[argi] as V;
    argi++;
    highest = Math.max(highest, argi);
    const piece = formatVerb(verb, flags, width, prec, arg, c);
    if (piece === UNK) return UNK;
    push(piece);
    i = j;
  }
  if (highest < args.length) throw new Fail('too many arguments for format');
  return c.string(out.join(''));
}

function formatVerb(
  verb: string,
  f: { minus: boolean; plus: boolean; zero: boolean; space: boolean; sharp: boolean },
  width: number | undefined,
  prec: number | undefined,
  arg: V,
  c: Ctx,
): string | typeof UNK {
  if (arg === null && verb !== 'v') throw new Fail('null value cannot be formatted');
  const sign = (x: number): string => (x < 0 ? '-' : f.plus ? '+' : f.space ? ' ' : '');
  switch (verb) {
    case 'v': {
      if (!f.sharp && typeof arg === 'string') return pad(arg, width, f.minus, f.zero);
      if (!f.sharp && typeof arg === 'number') return pad(formatG(arg, false), width, f.minus, f.zero);
      return pad(encodeJson(arg, c), width, f.minus, f.zero);
    }
    case 't':
      return pad(toBool(arg) ? 'true' : 'false', width, f.minus, f.zero);
    case 's':
    case 'q': {
      let s = str(arg);
      if (prec !== undefined) s = graphemes(s).slice(0, prec).join('');
      return pad(verb === 'q' ? quoteJson(s) : s, width, f.minus, f.zero);
    }
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const x = toNum(arg);
      if (!Number.isInteger(x)) throw new Fail('an integer is required');
      // Go's # prefixes and integer precision are rare enough to leave to Terraform.
      if (f.sharp || prec !== undefined || (verb !== 'd' && Math.abs(x) > Number.MAX_SAFE_INTEGER)) return UNK;
      const abs = Math.abs(x);
      let digits = verb === 'd' ? formatNumber(abs) : abs.toString(verb === 'b' ? 2 : verb === 'o' ? 8 : 16);
      if (verb === 'X') digits = digits.toUpperCase();
      return padNumber(sign(x), digits, width, f.minus, f.zero);
    }
    case 'e':
    case 'E': {
      const x = toNum(arg);
      const p = prec ?? 6;
      if (p > 100) return UNK;
      const [m = '', e = '0'] = Math.abs(x).toExponential(p).split('e');
      const exp = Number(e);
      const digits = `${m}${verb}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
      return padNumber(sign(x), digits, width, f.minus, f.zero);
    }
    case 'f':
    case 'F': {
      const x = toNum(arg);
      const p = prec ?? 6;
      if (p > 100 || Math.abs(x) >= 1e21) return UNK;
      return padNumber(sign(x), Math.abs(x).toFixed(p), width, f.minus, f.zero);
    }
    case 'g':
    case 'G': {
      const x = toNum(arg);
      if (prec !== undefined) return UNK;
      return padNumber(sign(x), formatG(Math.abs(x), verb === 'G'), width, f.minus, f.zero);
    }
    default:
      throw new Fail(`unsupported format verb %${verb}`);
  }
}

function base64Decode(s: string): string {
  // Go's decoder skips line breaks; the rest must be canonical padded base64 of UTF-8 text.
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) throw new Fail('invalid base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(t, 'base64'));
  } catch {
    throw new Fail('base64 does not decode to UTF-8');
  }
}

/** Go's url.QueryEscape. */
function urlEncode(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(ch)) out += ch;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

interface Fn {
  readonly min: number;
  readonly max: number;
  /** Accepts arguments with unknown parts (still not wholly unknown arguments) and handles them itself. */
  readonly partial?: boolean;
  /** Reads its arguments in order and stops at the first that decides, so a later unknown one does not matter. */
  readonly lazy?: boolean;
  readonly impl: (a: readonly V[], c: Ctx) => V;
}

const ANY = Number.MAX_SAFE_INTEGER;

function fn(min: number, max: number, impl: Fn['impl'], opts: { partial?: boolean; lazy?: boolean } = {}): Fn {
  return { min, max, impl, ...opts };
}

/** a[i] where the arity check guarantees it. */
function A(a: readonly V[], i: number): V {
  const v = a[i];
  if (v === undefined) throw new Fail('missing argument');
  return v;
}

function flattenInto(list: readonly V[], out: V[], c: Ctx): boolean {
  for (const x of list) {
    // An unknown element might be a list, so the shape of the result is unknown.
    if (x === UNK) return false;
    if (Array.isArray(x)) {
      if (!flattenInto(x, out, c)) return false;
    } else {
      out.push(x);
      if (out.length > LIMITS.elements) throw new Limit('collection too large');
    }
  }
  c.spend(list.length);
  return true;
}

/** Pure, deterministic functions only: anything that reads files, time, randomness or a provider is left UNKNOWN. */
const FUNCTIONS = new Map<string, Fn>([
  ['jsonencode', fn(1, 1, (a, c) => encodeJson(A(a, 0), c))],
  [
    'jsondecode',
    fn(1, 1, (a, c) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(str(A(a, 0)));
      } catch {
        throw new Fail('invalid JSON');
      }
      const v = fromJson(parsed, c, 0);
      if (hasUnknown(v)) throw new Fail('JSON number out of range');
      return v;
    }),
  ],
  ['lower', fn(1, 1, (a, c) => c.string(mapRunes(str(A(a, 0)), (ch) => ch.toLowerCase())))],
  ['upper', fn(1, 1, (a, c) => c.string(mapRunes(str(A(a, 0)), (ch) => ch.toUpperCase())))],
  [
    'title',
    fn(1, 1, (a, c) => {
      let prev = ' ';
      let out = '';
      for (const ch of str(A(a, 0))) {
        out += isTitleSeparator(prev) ? mapRunes(ch, (x) => x.toUpperCase()) : ch;
        prev = ch;
      }
      return c.string(out);
    }),
  ],
  ['format', fn(1, ANY, (a, c) => format(str(A(a, 0)), a.slice(1), c))],
  [
    'formatlist',
    fn(
      1,
      ANY,
      (a, c) => {
        const fmt = str(A(a, 0));
        const args = a.slice(1);
        let len = -1;
        for (const x of args) {
          if (!Array.isArray(x)) continue;
          if (len >= 0 && x.length !== len) throw new Fail('formatlist arguments have different lengths');
          len = x.length;
        }
        if (len < 0) len = 1;
        c.size(len);
        const out: V[] = [];
        for (let i = 0; i < len; i++) {
          const row = args.map((x) => (Array.isArray(x) ? (x[i] as V) : x));
          out.push(row.some(hasUnknown) ? UNK : format(fmt, row, c));
        }
        return out;
      },
      { partial: true },
    ),
  ],
  [
    'join',
    fn(2, ANY, (a, c) => {
      const sep = str(A(a, 0));
      const pieces: string[] = [];
      for (const l of a.slice(1)) for (const x of toList(l)) pieces.push(str(x));
      c.spend(pieces.length);
      return joinChecked(pieces, sep, c);
    }),
  ],
  [
    'split',
    fn(2, 2, (a, c) => {
      const sep = str(A(a, 0));
      const s = str(A(a, 1));
      const parts = sep === '' ? Array.from(s) : s.split(sep);
      c.size(parts.length);
      return parts;
    }),
  ],
  [
    'concat',
    fn(
      1,
      ANY,
      (a, c) => {
        const lists = a.map(toList);
        c.size(lists.reduce((n, l) => n + l.length, 0));
        return lists.flat();
      },
      { partial: true },
    ),
  ],
  [
    'merge',
    fn(
      0,
      ANY,
      (a, c) => {
        const m: VMap = new Map();
        for (const x of a) {
          if (x === null) continue;
          for (const [k, v] of toMap(x)) m.set(k, v);
          c.size(m.size);
        }
        return m;
      },
      { partial: true },
    ),
  ],
  [
    'lookup',
    fn(
      2,
      3,
      (a) => {
        const m = toMap(A(a, 0));
        const key = A(a, 1);
        if (hasUnknown(key)) return UNK;
        const v = m.get(str(key));
        if (v !== undefined) return v;
        if (a.length === 3) return A(a, 2);
        throw new Fail('key not found and no default');
      },
      { partial: true },
    ),
  ],
  [
    'coalesce',
    fn(
      1,
      ANY,
      (a) => {
        for (const x of a) {
          if (x === UNK) return UNK;
          if (x === null || x === '') continue;
          // Terraform unifies the arguments' types: a number among strings becomes a string.
          if (typeof x !== 'string' && typeof x !== 'object' && a.some((y) => typeof y === 'string')) return str(x);
          return x;
        }
        throw new Fail('no non-null, non-empty argument');
      },
      { lazy: true },
    ),
  ],
  [
    'coalescelist',
    fn(
      1,
      ANY,
      (a) => {
        for (const x of a) {
          if (x === UNK) return UNK;
          if (x === null) continue;
          if (toList(x).length > 0) return x;
        }
        throw new Fail('no non-empty list');
      },
      { lazy: true },
    ),
  ],
  [
    'compact',
    fn(1, 1, (a, c) => {
      const l = toList(A(a, 0));
      c.spend(l.length);
      return l.filter((x) => x !== null && x !== '').map(str);
    }),
  ],
  [
    'contains',
    fn(
      2,
      2,
      (a, c) => {
        const l = toList(A(a, 0));
        const v = A(a, 1);
        if (hasUnknown(v)) return UNK;
        c.spend(l.length);
        let unknown = false;
        for (const x of l) {
          const q = equal(x, v);
          if (q === true) return true;
          if (q === UNK) unknown = true;
        }
        return unknown ? UNK : false;
      },
      { partial: true },
    ),
  ],
  [
    'length',
    fn(
      1,
      1,
      (a) => {
        const v = A(a, 0);
        if (typeof v === 'string') return graphemes(v).length;
        if (Array.isArray(v)) return v.length;
        if (isMap(v)) return v.size;
        throw new Fail(`cannot take the length of ${kindOf(v)}`);
      },
      { partial: true },
    ),
  ],
  ['keys', fn(1, 1, (a) => sortedKeys(toMap(A(a, 0))), { partial: true })],
  [
    'values',
    fn(
      1,
      1,
      (a) => {
        const m = toMap(A(a, 0));
        return sortedKeys(m).map((k) => m.get(k) as V);
      },
      { partial: true },
    ),
  ],
  ['tostring', fn(1, 1, (a) => (A(a, 0) === null ? null : str(A(a, 0))))],
  ['tonumber', fn(1, 1, (a) => (A(a, 0) === null ? null : toNum(A(a, 0))))],
  ['tobool', fn(1, 1, (a) => (A(a, 0) === null ? null : toBool(A(a, 0))))],
  ['tolist', fn(1, 1, (a) => (A(a, 0) === null ? null : toList(A(a, 0))), { partial: true })],
  ['toset', fn(1, 1, (a, c) => (A(a, 0) === null ? null : setOf(toList(A(a, 0)), c)))],
  ['tomap', fn(1, 1, (a) => (A(a, 0) === null ? null : toMap(A(a, 0))), { partial: true })],
  [
    'replace',
    fn(3, 3, (a, c) => {
      const s = str(A(a, 0));
      const sub = str(A(a, 1));
      const rep = str(A(a, 2));
      // A /regex/ would run input-controlled patterns; it is left to Terraform.
      if (sub.length >= 2 && sub.startsWith('/') && sub.endsWith('/')) return UNK;
      const pieces = sub === '' ? ['', ...Array.from(s), ''] : s.split(sub);
      return joinChecked(pieces, rep, c);
    }),
  ],
  ['trimspace', fn(1, 1, (a) => trimEndSpace(trimStartSpace(str(A(a, 0)))))],
  [
    'trim',
    fn(2, 2, (a) => {
      const chars = Array.from(str(A(a, 0)));
      const cut = new Set(Array.from(str(A(a, 1))));
      let i = 0;
      let j = chars.length;
      while (i < j && cut.has(chars[i]!)) i++;
      while (j > i && cut.has(chars[j - 1]!)) j--;
      return chars.slice(i, j).join('');
    }),
  ],
  [
    'trimprefix',
    fn(2, 2, (a) => {
      const s = str(A(a, 0));
      const p = str(A(a, 1));
      return s.startsWith(p) ? s.slice(p.length) : s;
    }),
  ],
  [
    'trimsuffix',
    fn(2, 2, (a) => {
      const s = str(A(a, 0));
      const p = str(A(a, 1));
      return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
    }),
  ],
  ['startswith', fn(2, 2, (a) => str(A(a, 0)).startsWith(str(A(a, 1))))],
  ['endswith', fn(2, 2, (a) => str(A(a, 0)).endsWith(str(A(a, 1))))],
  ['strcontains', fn(2, 2, (a) => str(A(a, 0)).includes(str(A(a, 1))))],
  [
    'substr',
    fn(3, 3, (a) => {
      const g = graphemes(str(A(a, 0)));
      let off = toInt(A(a, 1));
      const len = toInt(A(a, 2));
      if (off < 0) off = Math.max(0, g.length + off);
      if (off > g.length) throw new Fail('offset out of range');
      if (len < -1) throw new Fail('length must be -1 or more');
      return g.slice(off, len === -1 ? undefined : off + len).join('');
    }),
  ],
  [
    'element',
    fn(
      2,
      2,
      (a) => {
        const l = toList(A(a, 0));
        const i = toInt(A(a, 1));
        if (i < 0) throw new Fail('cannot use element with a negative index');
        if (l.length === 0) throw new Fail('cannot use element with an empty list');
        return l[i % l.length] as V;
      },
      { partial: true },
    ),
  ],
  [
    'index',
    fn(
      2,
      2,
      (a, c) => {
        const l = toList(A(a, 0));
        const v = A(a, 1);
        if (hasUnknown(v)) return UNK;
        c.spend(l.length);
        for (let i = 0; i < l.length; i++) {
          const q = equal(l[i] as V, v);
          // An unknown element before a match could be the first match.
          if (q === UNK) return UNK;
          if (q) return i;
        }
        throw new Fail('item not found');
      },
      { partial: true },
    ),
  ],
  [
    'flatten',
    fn(
      1,
      1,
      (a, c) => {
        const out: V[] = [];
        return flattenInto(toList(A(a, 0)), out, c) ? out : UNK;
      },
      { partial: true },
    ),
  ],
  [
    'distinct',
    fn(1, 1, (a, c) => {
      const l = toList(A(a, 0));
      c.spend(l.length);
      const seen = new Set<string>();
      return l.filter((x) => {
        const k = encodeJson(x);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }),
  ],
  [
    'one',
    fn(
      1,
      1,
      (a) => {
        const l = toList(A(a, 0));
        if (l.length > 1) throw new Fail('one: more than one element');
        return l.length === 0 ? null : (l[0] as V);
      },
      { partial: true },
    ),
  ],
  [
    'zipmap',
    fn(
      2,
      2,
      (a, c) => {
        const ks = toList(A(a, 0));
        const vs = toList(A(a, 1));
        if (hasUnknown(ks)) return UNK;
        if (ks.length !== vs.length) throw new Fail('zipmap: lists of different lengths');
        c.size(ks.length);
        const m: VMap = new Map();
        ks.forEach((k, i) => m.set(str(k), vs[i] as V));
        return m;
      },
      { partial: true },
    ),
  ],
  // reduce, not Math.min(...args): an expanded list may hold more arguments than a call can take.
  ['min', fn(1, ANY, (a) => num(a.map(toNum).reduce((x, y) => Math.min(x, y))))],
  ['max', fn(1, ANY, (a) => num(a.map(toNum).reduce((x, y) => Math.max(x, y))))],
  ['abs', fn(1, 1, (a) => num(Math.abs(toNum(A(a, 0)))))],
  ['ceil', fn(1, 1, (a) => num(Math.ceil(toNum(A(a, 0)))))],
  ['floor', fn(1, 1, (a) => num(Math.floor(toNum(A(a, 0)))))],
  ['signum', fn(1, 1, (a) => num(Math.sign(toNum(A(a, 0)))))],
  ['pow', fn(2, 2, (a) => num(toNum(A(a, 0)) ** toNum(A(a, 1))))],
  [
    'range',
    fn(1, 3, (a) => {
      const n = a.map(toNum);
      let start = 0;
      let end: number;
      let step: number;
      if (n.length === 1) {
        end = n[0]!;
        step = end < 0 ? -1 : 1;
      } else {
        start = n[0]!;
        end = n[1]!;
        step = n.length === 3 ? n[2]! : end < start ? -1 : 1;
      }
      if (step === 0) throw new Fail('step must not be zero');
      if (step < 0 ? end > start : end < start) throw new Fail('end is on the wrong side of start for this step');
      const out: number[] = [];
      for (let x = start; step < 0 ? x > end : x < end; x += step) {
        if (out.length >= LIMITS.range) throw new Fail('more than 1024 values');
        out.push(num(x));
      }
      return out;
    }),
  ],
  ['reverse', fn(1, 1, (a) => [...toList(A(a, 0))].reverse(), { partial: true })],
  [
    'slice',
    fn(
      3,
      3,
      (a) => {
        const l = toList(A(a, 0));
        const s = toInt(A(a, 1));
        const e = toInt(A(a, 2));
        if (s < 0 || e > l.length || s > e) throw new Fail('slice indexes out of range');
        return l.slice(s, e);
      },
      { partial: true },
    ),
  ],
  [
    'sort',
    fn(1, 1, (a, c) => {
      const l = toList(A(a, 0)).map(str);
      c.spend(l.length);
      return l.sort(compareStrings);
    }),
  ],
  [
    'chunklist',
    fn(
      2,
      2,
      (a, c) => {
        const l = toList(A(a, 0));
        const size = toInt(A(a, 1));
        if (size < 0) throw new Fail('size must not be negative');
        if (size === 0) return [l];
        c.spend(l.length);
        const out: V[] = [];
        for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
        return out;
      },
      { partial: true },
    ),
  ],
  ['setunion', fn(1, ANY, (a, c) => setOf(a.map(toList).flat(), c))],
  [
    'setintersection',
    fn(1, ANY, (a, c) => {
      const [first = [], ...rest] = a.map((x) => setOf(toList(x), c));
      const others = rest.map((l) => new Set(l.map((x) => encodeJson(x))));
      return first.filter((x) => others.every((s) => s.has(encodeJson(x))));
    }),
  ],
  [
    'setsubtract',
    fn(2, 2, (a, c) => {
      const drop = new Set(toList(A(a, 1)).map((x) => encodeJson(x)));
      return setOf(toList(A(a, 0)), c).filter((x) => !drop.has(encodeJson(x)));
    }),
  ],
  [
    'setproduct',
    fn(2, ANY, (a, c) => {
      const lists = a.map((x) => setOf(toList(x), c));
      let total = 1;
      for (const l of lists) {
        total *= l.length;
        if (total > LIMITS.elements) throw new Limit('setproduct too large');
      }
      c.size(total * lists.length);
      let out: V[][] = [[]];
      for (const l of lists) out = out.flatMap((prefix) => l.map((x) => [...prefix, x]));
      return out;
    }),
  ],
  ['base64encode', fn(1, 1, (a, c) => c.string(Buffer.from(str(A(a, 0)), 'utf8').toString('base64')))],
  ['base64decode', fn(1, 1, (a, c) => c.string(base64Decode(str(A(a, 0)))))],
  ['urlencode', fn(1, 1, (a, c) => c.string(urlEncode(str(A(a, 0)))))],
  [
    'chomp',
    fn(1, 1, (a) => {
      // A loop, not /[\r\n]+$/, which backtracks quadratically on long runs of newlines.
      const s = str(A(a, 0));
      let j = s.length;
      while (j > 0 && (s[j - 1] === '\n' || s[j - 1] === '\r')) j--;
      return s.slice(0, j);
    }),
  ],
  [
    'indent',
    fn(2, 2, (a, c) => {
      const n = toInt(A(a, 0));
      if (n < 0 || n > LIMITS.text) throw new Fail('invalid indent');
      const lines = str(A(a, 1)).split('\n');
      return joinChecked(lines.map((l, i) => (i === 0 ? l : ' '.repeat(n) + l)), '\n', c);
    }),
  ],
  ['strrev', fn(1, 1, (a) => graphemes(str(A(a, 0))).reverse().join(''))],
  [
    'sum',
    fn(1, 1, (a) => {
      const l = toList(A(a, 0));
      if (l.length === 0) throw new Fail('cannot sum an empty list');
      return num(l.reduce<number>((s, x) => s + toNum(x), 0));
    }),
  ],
  ['alltrue', fn(1, 1, (a) => toList(A(a, 0)).every(toBool))],
  ['anytrue', fn(1, 1, (a) => toList(A(a, 0)).some(toBool))],
  // Sensitivity is not a value: the linter wants what is inside.
  ['sensitive', fn(1, 1, (a) => A(a, 0), { partial: true })],
  ['nonsensitive', fn(1, 1, (a) => A(a, 0), { partial: true })],
]);

const FAILED: unique symbol = Symbol('failed');

/** Evaluates a try/can argument: a Terraform error becomes FAILED; a Limit still ends everything. */
function probe(e: Expr, env: Env, c: Ctx): V | typeof FAILED {
  c.probing++;
  try {
    return ev(e, env, c);
  } catch (x) {
    if (x instanceof Fail) return FAILED;
    throw x;
  } finally {
    c.probing--;
  }
}

function evalCall(e: Extract<Expr, { type: 'call' }>, env: Env, c: Ctx): V {
  if (e.name === 'try') {
    if (e.args.length === 0) throw new Fail('try needs an argument');
    for (const arg of e.args) {
      const v = probe(arg, env, c);
      // Terraform cannot tell yet whether an unknown value would have failed.
      if (v !== FAILED) return hasUnknown(v) ? UNK : v;
    }
    throw new Fail('no argument of try could be evaluated');
  }
  if (e.name === 'can') {
    const arg = e.args[0];
    if (e.args.length !== 1 || arg === undefined) throw new Fail('can takes one argument');
    const v = probe(arg, env, c);
    return v === FAILED ? false : hasUnknown(v) ? UNK : true;
  }
  const f = FUNCTIONS.get(e.name);
  // provider::x::y, impure (file, timestamp, uuid...) and unsupported (cidrsubnet, regex...) functions.
  if (f === undefined) return UNK;
  let args = e.args.map((x) => ev(x, env, c));
  if (e.expand) {
    const last = args.pop();
    if (last === UNK) return UNK;
    args = args.concat(toList(last ?? null));
  }
  if (args.length < f.min || args.length > f.max) throw new Fail(`wrong number of arguments to ${e.name}`);
  if (!f.lazy && args.includes(UNK)) return UNK;
  if (!f.lazy && !f.partial && args.some(hasUnknown)) return UNK;
  return f.impl(args, c);
}
