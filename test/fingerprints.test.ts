/** Fingerprints stay when lines move: inserted blank lines and reordered resources keep every finding's identity. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPORT_RULES, version } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { formatSarif } from '../src/report/sarif.js';
import { RULES } from '../rules/index.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

interface Result {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { region: { startLine: number } } }[];
}

async function results(mainTf: string): Promise<Result[]> {
  const dir = scratchDir('synapse-lint-fp-');
  mkdirSync(path.join(dir, '.git'));
  writeFileSync(path.join(dir, 'main.tf'), mainTf);
  const r = await lint([{ path: '.' }], { rules: RULES, cwd: dir });
  const log = JSON.parse(formatSarif({ findings: r.findings, rules: REPORT_RULES, problems: r.problems, version: version(), sources: r.sources })) as { runs: { results: Result[] }[] };
  return log.runs[0]!.results;
}

/** Splits a configuration into its top-level blocks (each starts at a line without indentation). */
function blocks(text: string): string[] {
  return text.split(/\n(?=(?:resource|terraform|data|module|locals|variable|output|#)\b)/);
}

const seed = readFileSync(path.join(ROOT, 'examples/seed-blog/main.tf'), 'utf8');

describe('fingerprints', () => {
  it('survive inserted blank lines: both the tool\'s and GitHub\'s line hash', async () => {
    const a = await results(seed);
    const b = await results(seed.replace(/\n\n/g, '\n\n\n\n'));
    assert.ok(a.length >= 8);
    assert.notDeepEqual(a.map((r) => r.locations[0]!.physicalLocation.region.startLine), b.map((r) => r.locations[0]!.physicalLocation.region.startLine), 'the lines did move');
    const key = (r: Result): string => `${r.partialFingerprints['synapseLint/v1']} ${r.partialFingerprints.primaryLocationLineHash}`;
    assert.deepEqual(new Set(b.map(key)), new Set(a.map(key)));
  });

  it('survive reordered resources: the tool\'s own fingerprint', async () => {
    const parts = blocks(seed);
    const reordered = [parts[0]!, ...parts.slice(1).reverse()].join('\n');
    assert.notEqual(reordered, seed);
    const a = await results(seed);
    const b = await results(reordered);
    const ids = (rs: Result[]): string[] => rs.map((r) => r.partialFingerprints['synapseLint/v1']!).sort();
    assert.deepEqual(ids(b), ids(a));
  });
});
