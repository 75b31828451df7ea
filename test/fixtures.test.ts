/** One test per fixture folder, discovered by listing fixtures/. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../src/cli.js';
import { isActive } from '../src/engine/types.js';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { compareWithExpectation, fixtureCases, ROOT } from './fixture-lib.js';

const cases = fixtureCases();

describe('fixtures', () => {
  it('there are fixtures to run', () => {
    assert.ok(cases.length >= 20, `only ${cases.length} fixture folders`);
  });
  for (const c of cases) {
    for (const input of c.inputs) {
      const rel = path.relative(ROOT, input) || '.';
      const label = c.inputs.length > 1 ? ` [${path.relative(c.dir, input) || '.'}]` : '';
      it(`${c.name}${label}: ${c.expected.description}`, async () => {
        const result = await lint([{ path: rel }], { rules: RULES, cwd: ROOT });
        const errors = result.problems.filter((p) => p.level === 'error');
        if (c.expected.error !== undefined) {
          assert.ok(errors.length >= 1, 'an input problem');
          const text = result.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
          assert.ok(text.includes(c.expected.error), `"${c.expected.error}" in: ${text}`);
        } else assert.deepEqual(errors, [], 'the input loads');
        const asserted = Object.values(c.expected.rules).reduce((n, r) => n + (r.fail?.length ?? 0) + (r.open?.length ?? 0) + (r.pass?.length ?? 0) + (r.suppressed?.length ?? 0), 0);
        assert.ok(asserted > 0 || c.expected.error !== undefined, 'the case asserts at least one address');
        assert.deepEqual(compareWithExpectation(result.findings, c.expected), []);
        // Two findings never share a fingerprint: GitHub would merge their alerts.
        const prints = result.findings.map((f) => f.fingerprint);
        assert.equal(new Set(prints).size, prints.length, 'fingerprints are unique');
        if (c.expected.exitCode !== undefined) {
          const code = exitCode(result.findings.filter(isActive).map((f) => f.level), errors.length, 'error');
          assert.equal(code, c.expected.exitCode, 'exit code');
        }
      });
    }
  }
});
