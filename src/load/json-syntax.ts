/**
 * Terraform's JSON syntax (`.tf.json`): its blocks read into the shape hcl2json gives native syntax, and
 * its source positions in the shape the native-syntax scanner gives, so findings, attribute locations and
 * inline suppressions work alike for both. A property named "//" is a comment, as Terraform reads it; in a
 * block's body it may hold a suppression (`"//": "synapse-lint-ignore SYN301 reason"`) for that block.
 */
import { define, isObj, type Obj } from './json.js';
import { LineIndex, scanPositions, unquote, type AttributePos, type BlockPos, type CommentPos, type FilePositions, type Range } from './hcl/positions.js';

/** How many labels a top-level block type has; any other type has none (`locals`, `terraform`, `moved`). */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, check: 1 };

/** Nested blocks with one label, written `"provisioner": { "local-exec": { ... } }`. */
const LABELLED_NESTED = new Set(['provisioner', 'dynamic']);

const COMMENT = '//';

/** Nesting beyond any real configuration: deeper values are skipped, not read. */
const MAX_DEPTH = 64;

function labelCount(type: string): number {
  return Object.prototype.hasOwnProperty.call(LABELS, type) ? LABELS[type]! : 0;
}

/** The objects of a level that may be written as one object or as an array of them. */
function objectsOf(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : [];
}

/** A body without its comment property. */
function withoutComment(body: Obj): Obj {
  if (!Object.prototype.hasOwnProperty.call(body, COMMENT)) return body;
  const out: Obj = {};
  for (const k of Object.keys(body)) {
    if (k === COMMENT) continue;
    define(out, k, body[k]);
  }
  return out;
}

/**
 * One level of labels (`labels` > 0) as an object by label, or the bodies of a block (0) as a list. A label
 * written in several objects of an array gathers all they hold; a block written twice keeps both bodies, and
 * the loader reads the first, as Terraform reports the second.
 */
function level(v: unknown, labels: number): unknown {
  if (labels === 0) return objectsOf(v).map(withoutComment);
  const byLabel = new Map<string, unknown[]>();
  for (const o of objectsOf(v)) {
    for (const k of Object.keys(o)) {
      if (k === COMMENT) continue;
      const x = o[k];
      const list = byLabel.get(k) ?? [];
      if (Array.isArray(x)) list.push(...x);
      else list.push(x);
      byLabel.set(k, list);
    }
  }
  const out: Obj = {};
  for (const [k, list] of byLabel) define(out, k, level(list, labels - 1));
  return out;
}

/**
 * A parsed `.tf.json` document in hcl2json's shape: every block type's labels as nested objects ending in a
 * list of bodies, whether the file wrote a level as an object or as an array of objects; comments left out.
 */
export function fromJsonSyntax(doc: unknown): Obj {
  const out: Obj = {};
  if (!isObj(doc)) return out;
  for (const type of Object.keys(doc)) {
    if (type === COMMENT) continue;
    const labels = labelCount(type);
    const read = level(doc[type], labels);
    define(out, type, BODIES_WITH_META.has(type) ? mapBodies(read, labels, nativeMeta) : read);
  }
  return out;
}

/** Block types whose bodies may have `depends_on` or provisioners. */
const BODIES_WITH_META = new Set(['resource', 'data', 'module', 'output']);

/** The bodies at the end of `labels` levels of labels, each passed through `fn`. */
function mapBodies(v: unknown, labels: number, fn: (body: Obj) => Obj): unknown {
  if (labels === 0) return Array.isArray(v) ? v.map((b: unknown) => (isObj(b) ? fn(b) : b)) : v;
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) define(out, k, mapBodies(v[k], labels - 1, fn));
  return out;
}

/**
 * The meta-arguments JSON syntax writes its own way, in hcl2json's shape: `depends_on` names its references
 * without `${}` (`["azurerm_x.y"]`), and provisioners may be an array of one-type objects (to keep their
 * order, the form CDK for Terraform writes) as well as one object by type.
 */
function nativeMeta(body: Obj): Obj {
  const deps = body['depends_on'];
  const prov = body['provisioner'];
  if (!Array.isArray(deps) && prov === undefined) return body;
  const out: Obj = {};
  for (const k of Object.keys(body)) define(out, k, body[k]);
  if (Array.isArray(deps)) define(out, 'depends_on', deps.map((d: unknown) => (typeof d === 'string' && !d.includes('${') ? `\${${d}}` : d)));
  if (prov !== undefined) {
    const byType: Obj = {};
    for (const o of objectsOf(prov)) {
      for (const type of Object.keys(o)) {
        if (type === COMMENT) continue;
        const list = (byType[type] as Obj[] | undefined) ?? [];
        list.push(...objectsOf(o[type]).map(withoutComment));
        define(byType, type, list);
      }
    }
    define(out, 'provisioner', byType);
  }
  return out;
}

/** A JSON value with its offsets: objects keep their properties in order, with the offsets of each key. */
type Node =
  | { readonly kind: 'object'; readonly start: number; readonly end: number; readonly entries: readonly Entry[] }
  | { readonly kind: 'array'; readonly start: number; readonly end: number; readonly items: readonly Node[] }
  | { readonly kind: 'scalar'; readonly start: number; readonly end: number };

interface Entry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: Node;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** A lenient reader of JSON with offsets: it checks nothing (the loader's JSON.parse does) and never throws. */
class Reader {
  constructor(private readonly text: string) {}

  private space(i: number): number {
    const t = this.text;
    for (let c = t.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff; c = t.charCodeAt(++i));
    return i;
  }

  /** The offset just after the string that opens at `i`, or the text's end when it is not closed. */
  private stringEnd(i: number): number {
    const t = this.text;
    for (let j = i + 1; j < t.length; j++) {
      const c = t.charCodeAt(j);
      if (c === BACKSLASH) j++;
      else if (c === QUOTE) return j + 1;
    }
    return t.length;
  }

  /** The value at `i` (after space), or undefined when there is none; `at` is where reading goes on. */
  value(from: number, depth: number): { node: Node | undefined; at: number } {
    const t = this.text;
    const i = this.space(from);
    const c = t[i];
    if (c === undefined) return { node: undefined, at: i };
    if (c === '"') {
      const end = this.stringEnd(i);
      return { node: { kind: 'scalar', start: i, end }, at: end };
    }
    if (c === '{' || c === '[') return this.container(i, depth);
    let j = i;
    while (j < t.length && !',:{}[]" \t\r\n'.includes(t[j]!)) j++;
    if (j === i) return { node: undefined, at: i };
    return { node: { kind: 'scalar', start: i, end: j }, at: j };
  }

  private container(start: number, depth: number): { node: Node; at: number } {
    const t = this.text;
    const isObject = t[start] === '{';
    const close = isObject ? '}' : ']';
    const entries: Entry[] = [];
    const items: Node[] = [];
    let i = start + 1;
    for (;;) {
      i = this.space(i);
      const c = t[i];
      if (c === undefined) break;
      if (c === close) {
        i++;
        break;
      }
      if (c === ',') {
        i++;
        continue;
      }
      if (isObject) {
        if (c !== '"') break;
        const keyEnd = this.stringEnd(i);
        const key = unquote(t.slice(i, keyEnd));
        let j = this.space(keyEnd);
        if (t[j] !== ':') break;
        j++;
        const r = depth < MAX_DEPTH ? this.value(j, depth + 1) : this.skip(j);
        if (!r.node) break;
        entries.push({ key, keyStart: i, keyEnd, value: r.node });
        i = r.at;
      } else {
        const r = depth < MAX_DEPTH ? this.value(i, depth + 1) : this.skip(i);
        if (!r.node) break;
        items.push(r.node);
        i = r.at;
      }
    }
    const end = Math.min(i, t.length);
    return { node: isObject ? { kind: 'object', start, end, entries } : { kind: 'array', start, end, items }, at: end };
  }

  /** A value too deep to keep: read past it (strings and brackets matched) as one scalar. */
  private skip(from: number): { node: Node | undefined; at: number } {
    const t = this.text;
    const i = this.space(from);
    const c = t[i];
    if (c !== '{' && c !== '[') return this.value(i, MAX_DEPTH);
    let open = 0;
    let j = i;
    for (; j < t.length; j++) {
      const d = t.charCodeAt(j);
      if (d === QUOTE) j = this.stringEnd(j) - 1;
      else if (d === 123 || d === 91) open++;
      else if (d === 125 || d === 93) {
        open--;
        if (open === 0) {
          j++;
          break;
        }
      }
    }
    return { node: { kind: 'scalar', start: i, end: j }, at: j };
  }
}

/** How deep nested blocks are read for positions; attribute locations go no deeper either. */
const MAX_BLOCK_DEPTH = 16;

/** Positions in a `.tf.json` file, as `scanPositions` gives them for native syntax. Never throws. */
export function scanJsonPositions(text: string): FilePositions {
  const root = new Reader(text).value(0, 0).node;
  const lines = new LineIndex(text);
  const comments: CommentPos[] = [];
  const range = (start: number, end: number): Range => lines.range(start, end);

  const comment = (e: Entry, owner?: BlockPos): void => {
    const v = e.value;
    let words = '';
    if (v.kind === 'scalar' && text.charCodeAt(v.start) === QUOTE) words = unquote(text.slice(v.start, v.end)).trim();
    comments.push({ text: words, range: range(e.keyStart, v.end), style: '//', ...(owner ? { owner } : {}) });
  };

  /** The blocks one property stands for: `labels` more levels of labels, then one body or an array of them. */
  const blocksOf = (type: string, labels: number, v: Node, seen: readonly string[], header: Entry, depth: number): BlockPos[] => {
    const out: BlockPos[] = [];
    const objects = v.kind === 'object' ? [v] : v.kind === 'array' ? v.items.filter((x) => x.kind === 'object') : [];
    objects.forEach((o, i) => {
      if (o.kind !== 'object') return;
      if (labels > 0) {
        for (const e of o.entries) {
          if (e.key === COMMENT) comment(e);
          else out.push(...blocksOf(type, labels - 1, e.value, [...seen, e.key], e, depth));
        }
        return;
      }
      // The header is the property that opens the body; a second body in an array starts at its own brace.
      const start = i === 0 ? header.keyStart : o.start;
      const headEnd = i === 0 ? header.keyEnd : o.start + 1;
      out.push(body(type, seen, o, start, headEnd, depth));
    });
    return out;
  };

  const body = (type: string, labels: readonly string[], o: Node & { kind: 'object' }, start: number, headEnd: number, depth: number): BlockPos => {
    const attributes = new Map<string, AttributePos>();
    const blocks: BlockPos[] = [];
    const block: BlockPos = { type, labels, range: range(start, o.end), typeRange: range(start, headEnd), attributes, blocks };
    for (const e of o.entries) {
      if (e.key === COMMENT) {
        comment(e, block);
        continue;
      }
      const v = e.value;
      if (!attributes.has(e.key)) attributes.set(e.key, { name: e.key, range: range(e.keyStart, v.end), nameRange: range(e.keyStart, e.keyEnd), valueRange: range(v.start, v.end) });
      // An object, or a list of objects, may be a nested block: without the schema it is read as both.
      if (depth >= MAX_BLOCK_DEPTH) continue;
      const nested = LABELLED_NESTED.has(e.key) ? 1 : 0;
      const isBlock = v.kind === 'object' || (v.kind === 'array' && v.items.length > 0 && v.items.every((x) => x.kind === 'object'));
      if (isBlock) blocks.push(...blocksOf(e.key, nested, v, [], e, depth + 1));
    }
    return block;
  };

  const blocks: BlockPos[] = [];
  if (root?.kind === 'object') {
    for (const e of root.entries) {
      if (e.key === COMMENT) comment(e);
      else blocks.push(...blocksOf(e.key, labelCount(e.key), e.value, [], e, 0));
    }
  }
  return { blocks, attributes: new Map(), comments };
}

/** Positions of a configuration file by its syntax: JSON for `.json`, native otherwise. */
export function sourcePositions(file: string, text: string): FilePositions {
  return file.endsWith('.json') ? scanJsonPositions(text) : scanPositions(text);
}

/**
 * A value written in JSON syntax as native syntax writes it, for what reads an attribute's source text: a
 * string is a template in both, so it becomes a quoted one; a list of strings (`ignore_changes`) becomes a
 * list of the traversals they hold. Other values, and text that is not JSON, are given as they are.
 */
export function nativeText(json: string): string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[${v.join(', ')}]`;
  return json;
}
