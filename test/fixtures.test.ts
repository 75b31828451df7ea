/** One test per fixture folder, discovered by listing fixtures/. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { compareWithExpectation, fixtureCases, ROOT } from './fixture-lib.js';

const cases = fixtureCases();

describe('fixtures', () => {
  it('there are fixtures to run', () => {
    assert.ok(cases.length >= 20, `only ${cases.length} fixture folders`);
  });
  for (const c of cases) {
    it(`${c.name}: ${c.expected.description}`, () => {
      const rel = path.relative(ROOT, c.input);
      const result = lint([{ path: rel }], { rules: RULES, cwd: ROOT });
      if (c.expected.error !== undefined) {
        assert.equal(result.problems.length, 1, 'one input problem');
        assert.match(result.problems[0]!.message, new RegExp(c.expected.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        return;
      }
      assert.deepEqual(result.problems, [], 'the input loads');
      const asserted = Object.values(c.expected.rules).reduce((n, r) => n + (r.fail?.length ?? 0) + (r.open?.length ?? 0) + (r.pass?.length ?? 0), 0);
      assert.ok(asserted > 0, 'the case asserts at least one address');
      const problems = compareWithExpectation(result.findings, c.expected);
      assert.deepEqual(problems, []);
      if (c.expected.exitCode !== undefined) {
        assert.equal(exitCode(result.findings.map((f) => f.level), result.problems.length, 'error'), c.expected.exitCode, 'exit code');
      }
    });
  }
});
