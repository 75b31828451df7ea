/**
 * Microsoft's SARIF validator with GitHub's ingestion rules (Sarif.Multitool validate --rule-kind "Sarif;Ghas",
 * GH1001–GH1006 and SARIF2007 as errors) on the SARIF of every fixture, the example, and runs with
 * suppressions, a baseline and input problems. Any error fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPORT_RULES, version } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { formatSarif } from '../src/report/sarif.js';
import { RULES } from '../rules/index.js';
import { fixtureCases, ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const TOOL = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
const POLICY = path.join(ROOT, 'test/sarif/github-policy.xml');

/** npm here does not run the package's install script (chmod u+x), so the binary is made executable here. */
function tool(): string {
  assert.ok(existsSync(TOOL), `${TOOL} is missing (npm ci installs @microsoft/sarif-multitool-linux)`);
  if ((statSync(TOOL).mode & 0o100) === 0) chmodSync(TOOL, 0o755);
  return TOOL;
}

async function sarifOf(paths: string[], extra: { baseline?: Set<string> } = {}): Promise<string> {
  const r = await lint(paths.map((p) => ({ path: p })), { rules: RULES, cwd: ROOT, ...(extra.baseline ? { baseline: extra.baseline } : {}) });
  return formatSarif({ findings: r.findings, rules: REPORT_RULES, problems: r.problems, version: version(), sources: r.sources, category: 'synapse-lint', ...(extra.baseline ? { baseline: true } : {}) });
}

function validate(files: string[], dir: string): { ruleId: string; uri: string; text: string }[] {
  const out = path.join(dir, 'validation.sarif');
  const r = spawnSync(tool(), ['validate', ...files, '--rule-kind', 'Sarif;Ghas', '--config', POLICY, '--output', out, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 280_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  assert.equal(r.status, 0, r.stderr || r.stdout);
  // The exit code is 0 even when it reports errors: read its own SARIF.
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { text?: string; arguments?: string[] }; locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[] };
  return (log.runs[0]!.results ?? [])
    .filter((x) => x.level === 'error')
    .map((e) => ({ ruleId: e.ruleId, uri: e.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '', text: e.message.text ?? e.message.arguments?.join(' | ') ?? '' }));
}

describe('SARIF validator (Sarif.Multitool, GitHub rules)', () => {
  it('reports an error for a result without a location (the check can fail)', { timeout: 120_000 }, async () => {
    const dir = scratchDir('synapse-lint-sarif-bad-');
    const log = JSON.parse(await sarifOf(['examples/seed-blog'])) as { runs: { results: { locations?: unknown }[] }[] };
    delete log.runs[0]!.results[0]!.locations;
    const file = path.join(dir, 'bad.sarif');
    writeFileSync(file, JSON.stringify(log));
    assert.ok(validate([file], dir).some((e) => e.ruleId === 'GH1001'));
  });

  it('finds no error in the SARIF of any fixture or example', { timeout: 300_000 }, async () => {
    const dir = scratchDir('synapse-lint-sarif-');
    const inputs = [...new Set(fixtureCases().flatMap((c) => c.inputs.map((i) => path.relative(ROOT, i) || '.')))];
    const files: string[] = [];
    let n = 0;
    for (const input of [...inputs, 'examples/seed-blog', 'examples/seed-blog/plan.json']) {
      const file = path.join(dir, `${String(n++).padStart(3, '0')}.sarif`);
      writeFileSync(file, await sarifOf([input]));
      files.push(file);
    }
    // A run with a baseline (states new/unchanged), and one with a missing input (a notification).
    const seed = JSON.parse(await sarifOf(['examples/seed-blog'])) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
    const half = new Set(seed.runs[0]!.results.slice(0, 4).map((r) => r.partialFingerprints['synapseLint/v1']!));
    files.push(path.join(dir, 'baseline.sarif'));
    writeFileSync(files.at(-1)!, await sarifOf(['examples/seed-blog'], { baseline: half }));
    files.push(path.join(dir, 'problem.sarif'));
    writeFileSync(files.at(-1)!, await sarifOf(['no/such/plan.json', 'examples/seed-blog']));

    assert.deepEqual(validate(files, dir).map((e) => `${e.ruleId} ${e.uri} ${e.text}`), []);
    assert.ok(files.length > 100, `${files.length} SARIF files validated`);
  });
});
