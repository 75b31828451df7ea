/** Lints inputs: each plan or root module is loaded into its own graph, the rules run, findings are merged. */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Catalog } from './catalog.js';
import { defaultConfig, findConfig, loadConfig, registerRuleIds, type Config } from './config.js';
import { addressMatches, applyBaseline, applyControls, SUPPRESSION_RULE } from './engine/controls.js';
import { compareFindings, runRules } from './engine/run.js';
import type { Finding, Level, Rule } from './engine/types.js';
import { GraphBuilder, NestingError } from './graph/build.js';
import type { CoveringBlock, Graph } from './graph/types.js';
import { InputError } from './load/errors.js';
import type { VariableInput } from './load/tf.js';
import { loadPlan } from './load/plan.js';
import { SourceLocator, sourceRootFor } from './load/source-map.js';
import { decodeText } from './load/text.js';
import { MAX_HASHED_BYTES } from './report/line-hash.js';
import { TightHeap } from './memory.js';
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
  /** --var-file and --var for .tf input, in command-line order. */
  readonly variables?: readonly VariableInput[];
  /** A configuration file for every input (--config); default: the nearest .synapse-lint.json from each input upward. */
  readonly config?: string;
  /** --rule ID=LEVEL, over the configuration file's levels. */
  readonly ruleLevels?: ReadonlyMap<string, Level | 'off'>;
  /** Fingerprints of findings accepted before (--baseline). */
  readonly baseline?: ReadonlySet<string>;
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

/**
 * Plans up to this size whose text is not kept are linted with a tight heap (see memory.ts). A larger plan
 * fills the heap enough that V8 collects during the run on its own (measured on plans of 125 and 214 MB),
 * and holding its growth there costs more time than it saves memory: at 214 MB, growth held to a quarter
 * gave +11% time for -8% memory.
 */
const MAX_TIGHT_BYTES = 96 * 1024 * 1024;

/**
 * Reads a plan into the builder, and the texts findings are hashed against into `own`. For a plan whose
 * text is not kept, returns the tight heap it was loaded with, for the caller to release.
 */
function loadPlanInput(
  input: LintInput,
  shown: string,
  builder: GraphBuilder,
  own: Map<string, string>,
  coveringBlocks: CoveringBlock[],
  sourceRoot: string | undefined,
  cwd: string,
): TightHeap | undefined {
  const text = decodeText(readPlanBytes(input, cwd, shown), shown);
  // A plan too large to hash is never read again: not keeping it lets its memory go once it is loaded.
  if (text.length <= MAX_HASHED_BYTES) own.set(shown, text);
  const root = sourceRootFor(input.path === '-' ? undefined : input.path, sourceRoot, cwd);
  let locator: SourceLocator | undefined;
  // A plan whose text is not kept is dead once loaded, and in a short run V8 would keep it until exit: nearly half of peak memory.
  const tight = text.length > MAX_HASHED_BYTES && text.length <= MAX_TIGHT_BYTES ? new TightHeap() : undefined;
  try {
    loadPlan(text, shown, builder, { locator: (calls) => (root === undefined ? undefined : (locator = new SourceLocator(root, cwd, calls))) });
  } catch (e) {
    tight?.release();
    throw e;
  }
  for (const b of locator?.coveringBlocks() ?? []) coveringBlocks.push(b);
  for (const t of locator?.texts ?? []) own.set(t.shown, t.text);
  return tight;
}

/** The configuration for an input: --config, else the nearest file upward, else the defaults. */
function configFor(input: LintInput, options: LintOptions, cwd: string, cache: Map<string, Config>): Config {
  const file = options.config !== undefined ? path.resolve(cwd, options.config) : findConfig(input.path === '-' ? cwd : path.resolve(cwd, input.path));
  if (file === undefined) return options.catalog ? { dir: cwd, data: {}, catalog: options.catalog } : defaultConfig(cwd);
  let c = cache.get(file);
  if (!c) {
    c = loadConfig(file, cwd);
    cache.set(file, c);
  }
  return c;
}

export async function lint(inputs: readonly LintInput[], options: LintOptions): Promise<LintResult> {
  const cwd = options.cwd ?? process.cwd();
  const configs = new Map<string, Config>();
  const ruleIds = new Set([...options.rules.map((r) => r.meta.id), SUPPRESSION_RULE.meta.id]);
  registerRuleIds(ruleIds);
  const findings: Finding[] = [];
  const problems: InputProblem[] = [];
  const sources = new Map<string, string>();
  const graphs: Graph[] = [];
  for (const input of inputs) {
    const shown = displayPath(input.path, cwd);
    const own = new Map<string, string>();
    const coveringBlocks: CoveringBlock[] = [];
    let tight: TightHeap | undefined;
    try {
      const config = configFor(input, options, cwd, configs);
      const catalog = config.catalog;
      const builder = new GraphBuilder(catalog);
      let fallbackFile = shown;
      if (isConfiguration(input, cwd)) {
        // Loaded only when needed: the HCL parser starts a WebAssembly runtime.
        const { loadTf } = await import('./load/tf.js');
        const result = await loadTf(input.path, builder, { cwd, ...(options.variables ? { variables: options.variables } : {}) });
        for (const f of result.files) own.set(f.shown, f.text);
        for (const b of result.coveringBlocks) coveringBlocks.push(b);
        fallbackFile = result.files[0]?.shown ?? shown;
        for (const p of result.problems) problems.push({ file: p.file, message: p.message, level: p.level });
      } else {
        // Its text and parsed document go out of scope when this returns.
        tight = loadPlanInput(input, shown, builder, own, coveringBlocks, options.sourceRoot, cwd);
      }
      const graph = builder.build();
      graphs.push(graph);
      const levels = new Map<string, Level | 'off'>([...Object.entries(config.data.rules ?? {}), ...(options.ruleLevels ?? new Map())]);
      const policy = { stores: config.data.stores ?? [], outsideTerraform: config.data.outsideTerraform ?? [], matches: addressMatches };
      const found = runRules(graph, catalog, { rules: options.rules, fallbackFile, levels, policy });
      const activeRuleIds = new Set(options.rules.map((r) => r.meta.id).filter((id) => levels.get(id) !== 'off'));
      const controls = {
        configDir: config.dir,
        cwd,
        ...(config.data.ignore ? { ignore: config.data.ignore } : {}),
        ...(config.data.include ? { include: config.data.include } : {}),
        ...(config.data.exclude ? { exclude: config.data.exclude } : {}),
        ruleIds,
        activeRuleIds,
        coveringBlocks,
      };
      // One at a time: a spread of a very long list overflows the call stack.
      for (const f of applyControls(found, own, controls)) findings.push(f);
    } catch (e) {
      if (e instanceof InputError) problems.push({ file: e.file, message: e.message, level: e.level });
      else if (e instanceof NestingError) problems.push({ file: shown, message: e.message, level: 'error' });
      else throw e;
    } finally {
      tight?.release();
      for (const [k, v] of own) sources.set(k, v);
    }
  }
  if (options.baseline) findings.splice(0, findings.length, ...applyBaseline(findings, options.baseline));
  findings.sort(compareFindings);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.message < b.message ? -1 : 1));
  return { findings, problems, sources, graphs };
}
