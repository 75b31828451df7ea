/** The command line: arguments in, a report and an exit code out (SPEC §2). */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { parseRuleOptions } from './config.js';
import { SUPPRESSION_RULE } from './engine/controls.js';
import { isActive, type Level, type Rule } from './engine/types.js';
import { InputError } from './load/errors.js';
import { repositoryOf } from './load/files.js';
import { parseJson } from './load/text.js';
import type { VariableInput } from './load/tf.js';
import { formatGithub, formatJson, formatMarkdown } from './report/formats.js';
import { ruleDocPage } from './report/rule-docs.js';
import { lint, type LintInput } from './lint.js';
import { formatSarif } from './report/sarif.js';
import { formatText, summaryLine } from './report/text.js';
import { failures, type ReportInput } from './report/types.js';
import { RULES } from '../rules/index.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const FORMATS = ['text', 'sarif', 'json', 'github', 'markdown'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

const HELP = `Usage: synapse-lint [options] <path>...

Lints Terraform for Azure Synapse workspaces with data exfiltration protection.

  <path>              plan JSON file (terraform show -json tfplan > plan.json), '-' for a plan
                      on stdin, a .tf file, or a directory (a root module)
  -f, --format FMT    text (default) | sarif | json | github | markdown
  -o, --output FILE   write the report to FILE; stdout gets a one-line summary
      --fail-on LEVEL error (default) | warning | note | never
      --source-root DIR where the .tf behind a plan lives (default: the plan's folder, then cwd)
      --var-file FILE (repeatable) variable values for .tf input
      --var NAME=VALUE (repeatable) a variable value for .tf input; a later --var or --var-file wins
  -c, --config FILE   configuration (default: the nearest .synapse-lint.json from the input upward)
      --baseline FILE a SARIF file from an earlier run: findings it holds do not fail
      --rule ID=LEVEL (repeatable) LEVEL is error | warning | note | off
      --list-rules    list the rules with their levels
      --explain ID    print a rule's documentation
      --category NAME SARIF automationDetails.id, to tell analyses of one repository apart
      --no-color      plain text (also NO_COLOR=1; FORCE_COLOR=1 forces colour)
  -v, --version       print the version
  -h, --help          print this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 the run could not be done.
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

class UsageError extends Error {}

export interface Options {
  readonly paths: string[];
  readonly format: (typeof FORMATS)[number];
  readonly output?: string;
  readonly failOn: (typeof FAIL_ON)[number];
  readonly listRules: boolean;
  readonly version: boolean;
  readonly help: boolean;
  readonly noColor: boolean;
  readonly sourceRoot?: string;
  /** --var-file and --var, in the order given. */
  readonly variables: VariableInput[];
  readonly config?: string;
  readonly baseline?: string;
  readonly rules: string[];
  readonly explain?: string;
  readonly category?: string;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function parseOptions(argv: readonly string[]): Options {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string', default: 'error' },
        'list-rules': { type: 'boolean', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        'no-color': { type: 'boolean', default: false },
        'source-root': { type: 'string' },
        'var-file': { type: 'string', multiple: true },
        var: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        baseline: { type: 'string' },
        rule: { type: 'string', multiple: true },
        explain: { type: 'string' },
        category: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const v = parsed.values;
  return {
    paths: parsed.positionals,
    format: oneOf(v.format ?? 'text', FORMATS, '--format'),
    ...(v.output !== undefined ? { output: v.output } : {}),
    failOn: oneOf(v['fail-on'] ?? 'error', FAIL_ON, '--fail-on'),
    listRules: v['list-rules'] ?? false,
    version: v.version ?? false,
    help: v.help ?? false,
    noColor: v['no-color'] ?? false,
    ...(v['source-root'] !== undefined ? { sourceRoot: v['source-root'] } : {}),
    variables: parsed.tokens.flatMap((t): VariableInput[] => {
      if (t.kind !== 'option' || t.value === undefined) return [];
      return t.name === 'var-file' ? [{ file: t.value }] : t.name === 'var' ? [{ assign: t.value }] : [];
    }),
    ...(v.config !== undefined ? { config: v.config } : {}),
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    rules: v.rule ?? [],
    ...(v.explain !== undefined ? { explain: v.explain } : {}),
    ...(v.category !== undefined ? { category: v.category } : {}),
  };
}

/** Colour: --no-color and NO_COLOR turn it off, FORCE_COLOR turns it on, else a TTY decides. */
export function useColor(noColorFlag: boolean, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

const RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 };

export function exitCode(levels: readonly Level[], problems: number, failOn: Options['failOn']): number {
  if (problems > 0) return EXIT_ERROR;
  if (failOn === 'never') return EXIT_OK;
  const threshold = RANK[failOn];
  return levels.some((l) => RANK[l] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

export function listRules(rules: readonly Rule[]): string {
  const w = Math.max(...rules.map((r) => r.meta.name.length));
  return `${rules.map((r) => `${r.meta.id}  ${r.meta.level.padEnd(7)}  ${r.meta.name.padEnd(w)}  ${r.meta.summary}`).join('\n')}\n`;
}

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Uint8Array;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
  readonly cwd: string;
}

/** Runs the CLI and returns the exit code; all I/O goes through `io`. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(argv);
  } catch (e) {
    io.stderr(`synapse-lint: ${(e as Error).message}; see --help\n`);
    return EXIT_ERROR;
  }
  if (options.help) {
    io.stdout(HELP);
    return EXIT_OK;
  }
  if (options.version) {
    io.stdout(`${version()}\n`);
    return EXIT_OK;
  }
  if (options.listRules) {
    io.stdout(listRules(REPORT_RULES));
    return EXIT_OK;
  }
  if (options.explain !== undefined) {
    const rule = REPORT_RULES.find((r) => r.meta.id === options.explain!.toUpperCase() || r.meta.name === options.explain);
    if (!rule) {
      io.stderr(`synapse-lint: --explain: no rule "${options.explain}" (see --list-rules)\n`);
      return EXIT_ERROR;
    }
    io.stdout(ruleDocPage(rule).replace(/^<!--.*-->\n/, ''));
    return EXIT_OK;
  }
  const analysis = await analyze(options, io);
  if (typeof analysis === 'number') return analysis;
  const { report, code } = analysis;
  const color = options.output === undefined && useColor(options.noColor, io.env, io.isTTY);
  const body = FORMATTERS[options.format](report, color);
  if (options.output !== undefined) {
    try {
      writeFileSync(path.resolve(io.cwd, options.output), body);
    } catch (e) {
      io.stderr(`synapse-lint: ${options.output}: cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return EXIT_ERROR;
    }
    io.stdout(`${summaryLine(report.findings, failures(report.problems), undefined, report.problems.length - failures(report.problems))}\n`);
  } else io.stdout(body);
  return code;
}

export interface Analysis {
  readonly report: ReportInput;
  /** The exit code the findings and input problems give under --fail-on. */
  readonly code: number;
}

/** Lints what the options name and returns the report and exit code, or an exit code when the run cannot be done. */
export async function analyze(options: Options, io: CliIo): Promise<Analysis | number> {
  let ruleLevels: Map<string, Level | 'off'>;
  let baseline: Set<string> | undefined;
  try {
    ruleLevels = parseRuleOptions(options.rules);
    for (const id of ruleLevels.keys()) if (!REPORT_RULES.some((r) => r.meta.id === id)) throw new InputError('--rule', `no rule ${id} (see --list-rules)`);
    baseline = options.baseline !== undefined ? readBaseline(options.baseline, io.cwd) : undefined;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stderr(`synapse-lint: ${e.line}\n`);
    return EXIT_ERROR;
  }
  if (options.paths.length === 0) {
    io.stderr('synapse-lint: no input; give a plan JSON file, - for stdin, a .tf file or a directory (see --help)\n');
    return EXIT_ERROR;
  }
  const inputs: LintInput[] = options.paths.map((p) => (p === '-' ? { path: p, stdin: io.readStdin() } : { path: p }));
  const result = await lint(inputs, {
    rules: RULES,
    cwd: io.cwd,
    ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
    variables: options.variables,
    ...(options.config !== undefined ? { config: options.config } : {}),
    ruleLevels,
    ...(baseline ? { baseline } : {}),
  });
  for (const p of result.problems) io.stderr(`synapse-lint: ${p.level === 'note' ? 'note: ' : ''}${p.file}: ${p.message}\n`);
  const report: ReportInput = {
    findings: result.findings,
    rules: REPORT_RULES,
    problems: result.problems,
    version: version(),
    sources: result.sources,
    ...(baseline ? { baseline: true } : {}),
    ...(options.category !== undefined ? { category: options.category } : {}),
    repositoryPaths: repositoryPaths([...result.findings.flatMap((f) => [f.location.file, ...f.related.map((r) => r.location.file)]), ...result.problems.map((p) => p.file)], io.cwd),
  };
  const code = exitCode(result.findings.filter(isActive).map((f) => f.level), failures(result.problems), options.failOn);
  return { report, code };
}

/** Each file as GitHub names it: from the root of the repository it is in (the nearest folder upward with `.git`). */
function repositoryPaths(files: readonly string[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  const roots = new Map<string, string | undefined>();
  for (const file of new Set(files)) {
    // Standard input and option names (`--var`) are not files.
    if (file === 'stdin' || file.startsWith('--')) continue;
    const abs = path.resolve(cwd, file);
    const dir = path.dirname(abs);
    if (!roots.has(dir)) roots.set(dir, repositoryOf(dir));
    const root = roots.get(dir);
    if (root !== undefined) out.set(file, path.relative(root, abs).split(path.sep).join('/'));
  }
  return out;
}

/** Every synapse-lint fingerprint of a SARIF log from an earlier run. */
function readBaseline(file: string, cwd: string): Set<string> {
  let doc: unknown;
  try {
    doc = parseJson(readFileSync(path.resolve(cwd, file), 'utf8'), file);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, 'no such file or directory');
  }
  const runs = (doc as { runs?: unknown }).runs;
  if (!Array.isArray(runs)) throw new InputError(file, 'not a SARIF log (no runs)');
  const out = new Set<string>();
  for (const run of runs) {
    for (const r of Array.isArray((run as { results?: unknown }).results) ? ((run as { results: unknown[] }).results) : []) {
      const fp = (r as { partialFingerprints?: Record<string, unknown> }).partialFingerprints?.['synapseLint/v1'];
      if (typeof fp === 'string') out.add(fp);
    }
  }
  return out;
}

/** Every rule a report may name: the policy rules and the suppression-comment rule. */
export const REPORT_RULES: readonly Rule[] = Object.freeze([SUPPRESSION_RULE, ...RULES]);

export const FORMATTERS: Record<(typeof FORMATS)[number], (r: ReportInput, color: boolean) => string> = {
  text: (r, color) => formatText(r, { color }),
  sarif: (r) => formatSarif(r),
  json: (r) => formatJson(r),
  github: (r) => formatGithub(r),
  markdown: (r) => formatMarkdown(r),
};

function readStdin(): Uint8Array {
  try {
    return readFileSync(0);
  } catch {
    return new Uint8Array();
  }
}

/** Entry point of bin/synapse-lint.js: runs, flushes, and ends the process itself. */
export async function main(argv: readonly string[]): Promise<void> {
  let code: number;
  const out: string[] = [];
  try {
    code = await run(argv, {
      stdout: (t) => out.push(t),
      stderr: (t) => process.stderr.write(t),
      readStdin,
      env: process.env,
      isTTY: process.stdout.isTTY === true,
      cwd: process.cwd(),
    });
  } catch (e) {
    // A bug, not bad input: still one line, no stack trace.
    process.stderr.write(`synapse-lint: internal error: ${(e as Error).message ?? String(e)}\n`);
    code = EXIT_ERROR;
  }
  // The HCL parser's WebAssembly runtime keeps the event loop alive: end the process once output is flushed.
  process.stdout.write(out.join(''), () => process.exit(code));
}
