/**
 * The one place that knows the HCL parser (@cdktf/hcl2json, Go's HCL compiled to WebAssembly).
 * Swapping parsers means changing this file only. The WebAssembly runtime is loaded on first use,
 * so a run without .tf files never starts it.
 */
import { createRequire } from 'node:module';
import { InputError } from '../errors.js';

/** hcl2json's JSON: blocks nest one object level per label and end in arrays of bodies; expressions are strings of source text. */
export type HclJson = Record<string, unknown>;

type ParseFn = (filename: string, contents: string) => Promise<HclJson>;

let parseFn: Promise<ParseFn> | undefined;

/**
 * The parser is Go, and Go's collector runs each time its heap has grown by GOGC percent of what is live
 * (100 by default). A lint is one short batch, so the collector may let the heap grow further: measured on
 * 1.1 MB of .tf in 9 files the parse took 15% less time, on one 5 MB file 38% less, for 5 to 10% more peak
 * memory (200 and 400 gained less, 1600 no more). GOGC in synapse-lint's environment is used instead when
 * set, as a Go program would.
 */
export const GO_GC_PERCENT = '800';

/** The GOGC the parser's Go runtime gets. */
export function goGcPercent(env: NodeJS.ProcessEnv = process.env): string {
  const v = env.GOGC?.trim();
  return v ? v : GO_GC_PERCENT;
}

type GoClass = new () => { env: Record<string, string> };

/**
 * Go's wasm_exec.js gives the Go runtime the environment of its `Go` object, which hcl2json leaves empty.
 * Loading that script first (hcl2json then finds it loaded) and extending its class sets GOGC. If a
 * version of hcl2json loads it another way, the parser keeps Go's default and only runs slower.
 */
function tuneGoRuntime(): void {
  const g = globalThis as { Go?: GoClass };
  try {
    createRequire(import.meta.url)('@cdktf/hcl2json/wasm/bridge_wasm_exec.js');
    const Go = g.Go;
    if (typeof Go !== 'function') return;
    const gogc = goGcPercent();
    g.Go = class extends Go {
      constructor() {
        super();
        this.env = { ...this.env, GOGC: gogc };
      }
    };
  } catch {
    // Not found, or not a class: Go's default.
  }
}

function loadParser(): Promise<ParseFn> {
  parseFn ??= Promise.resolve()
    .then(tuneGoRuntime)
    .then(() => import('@cdktf/hcl2json'))
    .then((m) => m.parse as ParseFn);
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
