/** Every real plan of the shared corpus loads, or fails with exit 2 and one line naming it. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../src/cli.js';
import { CORPUS, ROOT } from './fixture-lib.js';


/** The broken files of the corpus and what the one line must say. */
const BROKEN: Record<string, RegExp> = {
  'Azure__terraform-azurerm-caf-enterprise-scale__test_003_add_mgmt_conn_planned_values_ONLY.json': /planned_values fragment/,
  'Naver-Dunamu-Merge-TF__NSC-infra__tfplans_tfplan_UTF16_CORRUPT.json': /invalid JSON at line \d+, column \d+/,
  'bridgecrewio__checkov__corrupted-tfplan.json': /of a state, not a plan/,
  'hashicorp__terraform-json__invalid.json': /invalid JSON at line 676, column 29/,
};

async function lintFile(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run([file, '--format', 'sarif'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => new Uint8Array(),
    env: {},
    isTTY: false,
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

describe('corpus of real plans', () => {
  it('is present beside the project', () => {
    assert.ok(existsSync(CORPUS), `${CORPUS} is missing`);
  });
  const files = existsSync(CORPUS) ? readdirSync(CORPUS).sort() : [];
  it('has the 34 plans', () => assert.equal(files.length, 34));
  for (const name of files) {
    it(name, async () => {
      const rel = path.relative(ROOT, path.join(CORPUS, name));
      const { code, stdout, stderr } = await lintFile(rel);
      const broken = BROKEN[name];
      if (broken) {
        assert.equal(code, 2, 'exit code 2');
        const lines = stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, `one line on stderr, got: ${stderr}`);
        assert.ok(lines[0]!.includes(name), 'the line names the file');
        assert.match(lines[0]!, broken);
        assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      } else {
        assert.equal(stderr, '', 'nothing on stderr');
        assert.ok(code === 0 || code === 1, `exit ${code}`);
      }
      // The SARIF is written either way: the broken input is a tool execution notification.
      const log = JSON.parse(stdout) as { runs: { invocations: { executionSuccessful: boolean }[]; results: unknown[] }[] };
      assert.equal(log.runs[0]!.invocations[0]!.executionSuccessful, !broken);
    });
  }
});
