/** Lints inputs: each file is loaded into its own graph, the rules run, findings are merged. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalog, type Catalog } from './catalog.js';
import { compareFindings, runRules } from './engine/run.js';
import type { Finding, Rule } from './engine/types.js';
import { GraphBuilder, NestingError } from './graph/build.js';
import type { Graph } from './graph/types.js';
import { InputError } from './load/errors.js';
import { loadPlan } from './load/plan.js';
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
}

/** A path for reports: relative to `cwd` with '/', as GitHub wants repository-relative URIs. */
export function displayPath(file: string, cwd: string): string {
  if (file === '-') return 'stdin';
  const rel = path.relative(cwd, path.resolve(cwd, file));
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

function readInput(input: LintInput, cwd: string, shown: string): Uint8Array {
  if (input.path === '-') return input.stdin ?? new Uint8Array();
  const abs = path.resolve(cwd, input.path);
  let stat;
  try {
    stat = statSync(abs);
  } catch {
    throw new InputError(shown, 'no such file or directory');
  }
  if (stat.isDirectory()) throw new InputError(shown, 'is a directory; pass a plan JSON file (`terraform show -json tfplan > plan.json`)');
  try {
    return readFileSync(abs);
  } catch (e) {
    throw new InputError(shown, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export function lint(inputs: readonly LintInput[], options: LintOptions): LintResult {
  const cwd = options.cwd ?? process.cwd();
  const catalog = options.catalog ?? bundledCatalog();
  const findings: Finding[] = [];
  const problems: InputProblem[] = [];
  const sources = new Map<string, string>();
  const graphs: Graph[] = [];
  for (const input of inputs) {
    const shown = displayPath(input.path, cwd);
    try {
      const text = decodeText(readInput(input, cwd, shown), shown);
      const builder = new GraphBuilder(catalog);
      loadPlan(text, shown, builder);
      const graph = builder.build();
      graphs.push(graph);
      sources.set(shown, text);
      findings.push(...runRules(graph, catalog, { rules: options.rules, fallbackFile: shown }));
    } catch (e) {
      if (e instanceof InputError) problems.push({ file: e.file, message: e.message });
      else if (e instanceof NestingError) problems.push({ file: shown, message: e.message });
      else throw e;
    }
  }
  findings.sort(compareFindings);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { findings, problems, sources, graphs };
}
