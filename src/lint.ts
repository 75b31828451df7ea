/** Lints inputs: each plan or root module is loaded into its own graph, the rules run, findings are merged. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalog, type Catalog } from './catalog.js';
import { compareFindings, runRules } from './engine/run.js';
import type { Finding, Rule } from './engine/types.js';
import { GraphBuilder, NestingError } from './graph/build.js';
import type { Graph } from './graph/types.js';
import { InputError } from './load/errors.js';
import { loadPlan } from './load/plan.js';
import { SourceLocator, sourceRootFor } from './load/source-map.js';
import { decodeText } from './load/text.js';
import type { InputProblem } from './report/types.js';

export interface LintInput {
  /** Path as given on the command line, or '-' for standard input. */
  readonly path: string;
  /** Bytes of standard input, when path is '-'. */
  readonly stdin?: Uint8Array;
}

export interface LintResult {
  readonly findings: Finding[];
  readonly problems: InputProblem[];
  readonly sources: Map<string, string>;
  readonly graphs: Graph[];
}

export interface LintOptions {
  readonly rules: readonly Rule[];
  readonly catalog?: Catalog;
  /** Paths in findings are relative to this folder (default: the working directory). */
  readonly cwd?: string;
  /** Where the .tf files behind a plan are (default: the plan's folder, then the working directory). */
  readonly sourceRoot?: string;
  readonly varFiles?: readonly string[];
  readonly vars?: readonly string[];
}

/** A path for reports: relative to `cwd` with '/', as GitHub wants repository-relative URIs. */
export function displayPath(file: string, cwd: string): string {
  if (file === '-') return 'stdin';
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

/** A .tf or .tf.json file, or a folder, is configuration; anything else is read as a plan. */
function isConfiguration(input: LintInput, cwd: string): boolean {
  if (input.path === '-') return false;
  if (input.path.endsWith('.tf') || input.path.endsWith('.tf.json')) return true;
  try {
    return statSync(path.resolve(cwd, input.path)).isDirectory();
  } catch {
    return false;
  }
}

function readPlanBytes(input: LintInput, cwd: string, shown: string): Uint8Array {
  if (input.path === '-') return input.stdin ?? new Uint8Array();
  try {
    return readFileSync(path.resolve(cwd, input.path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(shown, code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read (${code ?? 'error'})`);
  }
}

export async function lint(inputs: readonly LintInput[], options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const catalog = options.catalog ?? bundledCatalog();
  const findings: Finding[] = [];
  const problems: InputProblem[] = [];
  const sources = new Map<string, string>();
  const graphs: Graph[] = [];
  for (const input of inputs) {
    const shown = displayPath(input.path, cwd);
    try {
      const builder = new GraphBuilder(catalog);
      let fallbackFile = shown;
      if (isConfiguration(input, cwd)) {
        // Loaded only when needed: the HCL parser starts a WebAssembly runtime.
        const { loadTf } = await import('./load/tf.js');
        const result = await loadTf(input.path, builder, { cwd, ...(options.varFiles ? { varFiles: options.varFiles } : {}), ...(options.vars ? { vars: options.vars } : {}) });
        for (const f of result.files) sources.set(f.shown, f.text);
        fallbackFile = result.files[0]?.shown ?? shown;
        for (const p of result.problems) problems.push({ file: p.file, message: p.message, level: p.level });
      } else {
        const text = decodeText(readPlanBytes(input, cwd, shown), shown);
        sources.set(shown, text);
        const root = sourceRootFor(input.path === '-' ? undefined : input.path, options.sourceRoot, cwd);
        let locator: SourceLocator | undefined;
        loadPlan(text, shown, builder, { locator: (calls) => (root === undefined ? undefined : (locator = new SourceLocator(root, cwd, calls))) });
        for (const t of locator?.texts ?? []) sources.set(t.shown, t.text);
      }
      const graph = builder.build();
      graphs.push(graph);
      findings.push(...runRules(graph, catalog, { rules: options.rules, fallbackFile }));
    } catch (e) {
      if (e instanceof InputError) problems.push({ file: e.file, message: e.message, level: e.level });
      else if (e instanceof NestingError) problems.push({ file: shown, message: e.message, level: 'error' });
      else throw e;
    }
  }
  findings.sort(compareFindings);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
  return { findings, problems, sources, graphs };
}
