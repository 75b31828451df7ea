/**
 * `npm run bench`: synapse-lint against the physical floor, measured in the same run and alternating:
 * plans of about 1.7k, 17k and 170k resources against reading and JSON.parse of the same file, .tf roots
 * of about 40, 400 and 4,000 resources against parsing the same files with @cdktf/hcl2json, and the
 * bundled example against a bare `node -e 0`. Medians of several runs, ratios, peak RSS, growth.
 * Results go to the terminal and to reports/bench.md.
 */
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESOURCES_PER_GROUP, synthCountedPlan, synthPlan, synthTf } from './synth.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/synapse-lint.js');
const HOOK = path.join(ROOT, 'bench/rss-hook.cjs');
const quick = process.argv.includes('--quick');

interface Sample {
  readonly seconds: number;
  readonly rss: number;
}

/** Runs a command once: wall time, and the peak RSS the preloaded hook reports. */
function measure(args: string[], cwd: string, env: Record<string, string> = {}): Sample {
  const rssFile = path.join(work, `rss-${Math.random().toString(36).slice(2)}`);
  writeFileSync(rssFile, '');
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', HOOK, ...args], { cwd, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 500)}`);
  const rss = Math.max(0, ...readFileSync(rssFile, 'utf8').split('\n').filter(Boolean).map(Number));
  rmSync(rssFile);
  return { seconds, rss };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Alternates the two commands `runs` times (after one warm-up of each) and takes medians. Also the ratio of
 * each run to the floor's run beside it: their spread shows how much the machine moved during the row.
 */
function compare(lintArgs: string[], floorArgs: string[], runs: number, cwd = ROOT, lintEnv: Record<string, string> = {}): { lint: Sample; floor: Sample; ratios: number[] } {
  measure(floorArgs, cwd);
  measure(lintArgs, cwd, lintEnv);
  const l: Sample[] = [];
  const f: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    f.push(measure(floorArgs, cwd));
    l.push(measure(lintArgs, cwd, lintEnv));
  }
  return {
    lint: { seconds: median(l.map((s) => s.seconds)), rss: median(l.map((s) => s.rss)) },
    floor: { seconds: median(f.map((s) => s.seconds)), rss: median(f.map((s) => s.rss)) },
    ratios: l.map((s, i) => s.seconds / f[i]!.seconds),
  };
}

const work = mkdtempSync(path.join(tmpdir(), 'synapse-lint-bench-'));
mkdirSync(path.join(work, '.git'));
const lines: string[] = [];
const say = (s = ''): void => {
  console.log(s);
  lines.push(s);
};
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const x = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
/** The lowest and highest of the runs' ratios. */
const range = (ratios: readonly number[]): string => `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`;

try {
  say(`# synapse-lint benchmark`);
  say();
  say(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM, Node ${process.version}, ${process.platform}. ${new Date().toISOString().slice(0, 10)}.`);
  say();

  // Plans.
  const planSizes = quick ? [155, 1545] : [155, 1545, 15455];
  say('## Plans: `synapse-lint plan.json -f sarif -o out.sarif` against read + `JSON.parse`');
  say();
  say('| resources | plan | lint (median) | floor | ratio | ratio per run | lint RSS | floor RSS | RSS ratio | time growth ×10 |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let previous: number | undefined;
  for (const groups of planSizes) {
    const file = path.join(work, `plan-${groups}.json`);
    writeFileSync(file, synthPlan(groups));
    const runs = groups > 10_000 ? 3 : groups > 1_000 ? 11 : 15;
    const r = compare([BIN, file, '-f', 'sarif', '-o', path.join(work, 'out.sarif')], [path.join(ROOT, 'bench/floor-json.cjs'), file], runs, work);
    const growth = previous === undefined ? '' : x(r.lint.seconds, previous);
    previous = r.lint.seconds;
    say(`| ${groups * RESOURCES_PER_GROUP} | ${mb(statSync(file).size)} | ${r.lint.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${x(r.lint.seconds, r.floor.seconds)} | ${range(r.ratios)} | ${mb(r.lint.rss)} | ${mb(r.floor.rss)} | ${x(r.lint.rss, r.floor.rss)} | ${growth} |`);
    rmSync(file);
  }
  say();

  // Shapes that would show work per pair of resources: a plan with its .tf beside it (each resource located in
  // the .tf), and counted resources whose approvals depend on every instance of their endpoint.
  say('## Plans of other shapes, against read + `JSON.parse`');
  say();
  say('| shape | resources | plan | lint (median) | floor | ratio | lint RSS | floor RSS | RSS ratio | time growth ×10 |');
  say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  {
    const groups = quick ? 155 : 1545;
    const dir = path.join(work, 'with-tf');
    mkdirSync(dir);
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, synthPlan(groups));
    for (const [name, text] of synthTf(groups)) writeFileSync(path.join(dir, name), text);
    const r = compare([BIN, file, '-f', 'sarif', '-o', path.join(work, 'out.sarif')], [path.join(ROOT, 'bench/floor-json.cjs'), file], 3, work);
    say(`| plan with its .tf beside it | ${groups * RESOURCES_PER_GROUP} | ${mb(statSync(file).size)} | ${r.lint.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${x(r.lint.seconds, r.floor.seconds)} | ${mb(r.lint.rss)} | ${mb(r.floor.rss)} | ${x(r.lint.rss, r.floor.rss)} | |`);
    rmSync(dir, { recursive: true });
  }
  previous = undefined;
  for (const count of quick ? [50, 500] : [500, 5000]) {
    const file = path.join(work, `counted-${count}.json`);
    writeFileSync(file, synthCountedPlan(count));
    const r = compare([BIN, file, '-f', 'sarif', '-o', path.join(work, 'out.sarif')], [path.join(ROOT, 'bench/floor-json.cjs'), file], 3, work);
    const growth = previous === undefined ? '' : x(r.lint.seconds, previous);
    previous = r.lint.seconds;
    say(`| counted: approvals depend on all endpoint instances | ${3 * count + 1} | ${mb(statSync(file).size)} | ${r.lint.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${x(r.lint.seconds, r.floor.seconds)} | ${mb(r.lint.rss)} | ${mb(r.floor.rss)} | ${x(r.lint.rss, r.floor.rss)} | ${growth} |`);
    rmSync(file);
  }
  say();

  // .tf roots.
  const tfSizes = quick ? [4, 36] : [4, 36, 364];
  say('## .tf: `synapse-lint <folder> -f sarif -o out.sarif` against parsing the same files with @cdktf/hcl2json');
  say();
  say('| resources | files | lint (median) | floor | ratio | ratio per run | lint RSS | floor RSS | time growth ×10 |');
  say('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  previous = undefined;
  for (const groups of tfSizes) {
    const dir = path.join(work, `tf-${groups}`);
    mkdirSync(dir);
    const files = synthTf(groups);
    for (const [name, text] of files) writeFileSync(path.join(dir, name), text);
    const r = compare([BIN, dir, '-f', 'sarif', '-o', path.join(work, 'out.sarif')], [path.join(ROOT, 'bench/floor-hcl.mjs'), dir], 5, work);
    const growth = previous === undefined ? '' : x(r.lint.seconds, previous);
    previous = r.lint.seconds;
    say(`| ${groups * RESOURCES_PER_GROUP} | ${files.size} | ${r.lint.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${x(r.lint.seconds, r.floor.seconds)} | ${range(r.ratios)} | ${mb(r.lint.rss)} | ${mb(r.floor.rss)} | ${growth} |`);
  }
  say();
  // The linter runs the parser's Go collector less often than hcl2json does (src/load/hcl/parser.ts). With Go's
  // default, both parse alike, and the ratio is the linter's own work on top of the parse.
  const largest = tfSizes[tfSizes.length - 1]!;
  say(`With the parser's Go collector at its default (\`GOGC=100\`), as in the floor: the same parse, so the ratio is the linter's own work on top of it.`);
  say();
  say('| resources | lint (median) | floor | ratio | lint RSS | floor RSS |');
  say('|---:|---:|---:|---:|---:|---:|');
  {
    const dir = path.join(work, `tf-${largest}`);
    const r = compare([BIN, dir, '-f', 'sarif', '-o', path.join(work, 'out.sarif')], [path.join(ROOT, 'bench/floor-hcl.mjs'), dir], 5, work, { GOGC: '100' });
    say(`| ${largest * RESOURCES_PER_GROUP} | ${r.lint.seconds.toFixed(2)} s | ${r.floor.seconds.toFixed(2)} s | ${x(r.lint.seconds, r.floor.seconds)} | ${mb(r.lint.rss)} | ${mb(r.floor.rss)} |`);
  }
  say();

  // Start-up: the bundled example against a bare node.
  say('## Start-up: the bundled example (plan) against `node -e 0`');
  say();
  const r = compare([BIN, path.join(ROOT, 'examples/seed-blog/plan.json'), '-f', 'sarif', '-o', path.join(work, 'out.sarif')], ['-e', '0'], 15, work);
  say('| lint (median) | node -e 0 | ratio |');
  say('|---:|---:|---:|');
  say(`| ${(r.lint.seconds * 1000).toFixed(0)} ms | ${(r.floor.seconds * 1000).toFixed(0)} ms | ${x(r.lint.seconds, r.floor.seconds)} |`);
  say();
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(path.join(ROOT, 'reports'), { recursive: true });
writeFileSync(path.join(ROOT, 'reports/bench.md'), `${lines.join('\n')}\n`);
console.log('written to reports/bench.md');
