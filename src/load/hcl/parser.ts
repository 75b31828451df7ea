/**
 * The one place that knows the HCL parser (@cdktf/hcl2json, Go's HCL compiled to WebAssembly).
 * Swapping parsers means changing this file only. The WebAssembly runtime is loaded on first use,
 * so a run without .tf files never starts it.
 */
import { InputError } from '../errors.js';

/** hcl2json's JSON: blocks nest one object level per label and end in arrays of bodies; expressions are strings of source text. */
export type HclJson = Record<string, unknown>;

type ParseFn = (filename: string, contents: string) => Promise<HclJson>;

let parseFn: Promise<ParseFn> | undefined;

function loadParser(): Promise<ParseFn> {
  parseFn ??= import('@cdktf/hcl2json').then((m) => m.parse as ParseFn);
  return parseFn;
}

/** `parse config: [main.tf:2,7-3,1: Invalid expression; Expected ...]` -> line 2, column 7 and the reason. */
function describeError(message: string): string {
  const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^;\]]+)(?:; ([^\]]*))?/.exec(message);
  if (!m) return `HCL syntax error: ${message.replace(/^Error: /, '').slice(0, 300)}`;
  const detail = m[4] ? `: ${m[4].trim()}` : '';
  return `HCL syntax error at line ${m[1]}, column ${m[2]}: ${m[3]!.trim()}${detail}`.replace(/\s+/g, ' ').slice(0, 400);
}

/** Parses one native-syntax file. `shown` names it in errors. */
export async function parseHcl(shown: string, text: string): Promise<HclJson> {
  const parse = await loadParser();
  try {
    const result = await parse(shown, text);
    return result !== null && typeof result === 'object' ? result : {};
  } catch (e) {
    throw new InputError(shown, describeError(e instanceof Error ? e.message : String(e)));
  }
}
