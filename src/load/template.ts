/** String attributes as templates of text and interpolations, for rules that read commands (az ... approve). */
import type { Ref, TemplatePiece, TemplateText } from '../graph/types.js';
import { evaluate, parseExpression, references, type Expr, type Scope, type TemplatePart } from './hcl/expr.js';

type ResolveRefs = (texts: string[]) => Ref[];

function piecesOf(expr: Expr, resolve: ResolveRefs, scope: Scope | undefined): TemplatePiece[] {
  if (expr.type === 'literal') return [{ kind: 'text', text: expr.value === null ? '' : String(expr.value) }];
  if (expr.type !== 'template') return [interpolation(expr, resolve, scope)];
  return partsPieces(expr.parts, resolve, scope);
}

function partsPieces(parts: readonly TemplatePart[], resolve: ResolveRefs, scope: Scope | undefined): TemplatePiece[] {
  const out: TemplatePiece[] = [];
  for (const part of parts) {
    if (part.type === 'text') out.push({ kind: 'text', text: part.text });
    else if (part.type === 'interpolation') out.push(...interpolated(part.expr, resolve, scope));
    else if (part.type === 'if') {
      // A condition the scope knows makes the text of its branch; one it does not, either text.
      const taken = decide(part.cond, scope);
      if (taken !== undefined) out.push(...partsPieces(taken ? part.then : part.else, resolve, scope));
      else out.push({ kind: 'expr', refs: refsOf({ type: 'template', parts: [part] }, resolve), alternatives: [partsPieces(part.then, resolve, scope), partsPieces(part.else, resolve, scope)] });
    } else {
      // %{for}: its body, repeated for elements not read here.
      out.push({ kind: 'expr', refs: refsOf({ type: 'template', parts: [part] }, resolve), alternatives: [partsPieces(part.body, resolve, undefined)] });
    }
  }
  return out;
}

/** An interpolation: its value when known; else, for a conditional, the pieces of its branch, or of either. */
function interpolated(expr: Expr, resolve: ResolveRefs, scope: Scope | undefined): TemplatePiece[] {
  const piece = interpolation(expr, resolve, scope);
  if (piece.value !== undefined || expr.type !== 'conditional') return [piece];
  const taken = decide(expr.cond, scope);
  if (taken !== undefined) return piecesOf(taken ? expr.then : expr.else, resolve, scope);
  return [{ ...piece, alternatives: [piecesOf(expr.then, resolve, scope), piecesOf(expr.else, resolve, scope)] }];
}

/** A condition's value, when the scope knows it: a bool, or a string HCL converts to one. */
function decide(cond: Expr, scope: Scope | undefined): boolean | undefined {
  if (!scope) return undefined;
  const v = evaluate(cond, scope);
  if (!v.known) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  return v.value === 'true' ? true : v.value === 'false' ? false : undefined;
}

function refsOf(expr: Expr, resolve: ResolveRefs): Ref[] {
  return resolve(references(expr).map((r) => r.text));
}

function interpolation(expr: Expr, resolve: ResolveRefs, scope: Scope | undefined): Extract<TemplatePiece, { kind: 'expr' }> {
  const refs = refsOf(expr, resolve);
  const v = scope ? evaluate(expr, scope) : undefined;
  const value = v?.known && (typeof v.value === 'string' || typeof v.value === 'number') ? String(v.value) : undefined;
  return value !== undefined ? { kind: 'expr', refs, value } : { kind: 'expr', refs };
}

/** A template string as hcl2json gives it (`az ... ${x.name}`), parsed; `null` for one that does not parse. */
export function templateFromExpr(expr: Expr | null, resolve: ResolveRefs, scope?: Scope): TemplateText {
  if (expr === null) return { known: false, refs: [] };
  try {
    return { known: true, pieces: piecesOf(expr, resolve, scope) };
  } catch {
    return { known: false, refs: [] };
  }
}

/** An attribute's value as written in a .tf file (a quoted string or a heredoc). */
export function templateFromSource(valueText: string, resolve: ResolveRefs): TemplateText | undefined {
  try {
    return { known: true, pieces: piecesOf(parseExpression(valueText), resolve, undefined) };
  } catch {
    return undefined;
  }
}

/**
 * The items of an `ignore_changes` list: traversals (`tags`, `tags["env"]`), or the quoted strings of the old
 * syntax and of JSON syntax; comments are not items.
 */
const IGNORE_ITEM = /"((?:[^"\\]|\\.)*)"|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/|([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)/g;

/** The text of a quoted string's inside; as written when it is not JSON. */
function unescape(inside: string): string {
  try {
    return JSON.parse(`"${inside}"`) as string;
  } catch {
    return inside;
  }
}

/** `ignore_changes = all` or a list of attribute names, from the text of the value. */
export function ignoreChangesFromSource(valueText: string): 'all' | string[] {
  const t = valueText.trim();
  if (t === 'all' || t === '"all"') return 'all';
  const out: string[] = [];
  for (const m of t.matchAll(IGNORE_ITEM)) {
    const item = m[1] !== undefined ? unescape(m[1]) : m[2];
    if (item !== undefined && item !== 'all') out.push(item);
  }
  return out;
}
