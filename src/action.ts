/**
 * The GitHub Action's step (action.yml): inputs from INPUT_* variables, one lint, then a SARIF file
 * for upload-sarif, a Markdown report in the job summary, annotations in the log, outputs, and an
 * exit code per fail-on.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, EXIT_ERROR, FORMATTERS, parseOptions, type CliIo } from './cli.js';
import { isActive } from './engine/types.js';
import { counts } from './report/text.js';

/** An input as the runner passes it: `INPUT_<NAME>`, upper case, spaces as `_`, dashes kept. */
export function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Paths: one per line or separated by spaces. */
function list(value: string): string[] {
  return value.split(/[\n ]+/).map((s) => s.trim()).filter(Boolean);
}

/** A `name=value` line of $GITHUB_OUTPUT; multi-line values use a delimiter. */
function outputLine(name: string, value: string): string {
  if (!value.includes('\n')) return `${name}=${value}\n`;
  const delimiter = `ghadelimiter_${name}_${value.length}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

export async function runAction(env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const argv = [...list(input(env, 'paths') || '.')];
  const flag = (name: string, option: string): void => {
    const v = input(env, name);
    if (v !== '') argv.push(option, v);
  };
  flag('fail-on', '--fail-on');
  flag('config', '--config');
  flag('source-root', '--source-root');
  flag('baseline', '--baseline');
  flag('category', '--category');
  let options;
  try {
    options = parseOptions(argv);
  } catch (e) {
    io.stderr(`::error title=synapse-lint::${(e as Error).message}\n`);
    return EXIT_ERROR;
  }
  const analysis = await analyze(options, io);
  if (typeof analysis === 'number') return analysis;
  const { report, code } = analysis;

  const sarifFile = input(env, 'sarif-file') || 'synapse-lint.sarif';
  writeFileSync(path.resolve(io.cwd, sarifFile), FORMATTERS.sarif(report, false));
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, FORMATTERS.markdown(report, false));
  const format = (input(env, 'format') || 'github') as keyof typeof FORMATTERS;
  if (!(format in FORMATTERS)) {
    io.stderr(`::error title=synapse-lint::format must be one of ${Object.keys(FORMATTERS).join(', ')}\n`);
    return EXIT_ERROR;
  }
  io.stdout(FORMATTERS[format](report, false));
  const active = report.findings.filter(isActive);
  const c = counts(active);
  const outputs = env.GITHUB_OUTPUT;
  if (outputs) {
    appendFileSync(
      outputs,
      [
        outputLine('sarif-file', sarifFile),
        outputLine('findings', String(active.length)),
        outputLine('errors', String(c.error)),
        outputLine('warnings', String(c.warning)),
        outputLine('notes', String(c.note)),
        outputLine('exit-code', String(code)),
      ].join(''),
    );
  }
  return code;
}
