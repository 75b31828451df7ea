/** Every rule's doc examples are real: the failing configuration is reported by the rule, the fixed one is not. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { scratchDir } from './scratch.js';

const root = scratchDir('synapse-lint-examples-');
mkdirSync(path.join(root, '.git'));

async function findingsOf(id: string, which: 'fail' | 'pass', hcl: string): Promise<{ kinds: string[]; problems: string[] }> {
  const dir = path.join(root, `${id}-${which}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.tf'), hcl);
  const r = await lint([{ path: dir }], { rules: RULES, cwd: root });
  return { kinds: r.findings.filter((f) => f.ruleId === id).map((f) => f.kind), problems: r.problems.map((p) => p.message) };
}

describe('rule examples', () => {
  for (const rule of RULES) {
    const { id, examples } = rule.meta;
    if (id === 'SYN103') {
      it('SYN103 is about plans (a replacement), so its example is a plan fixture', () => assert.equal(examples, undefined));
      continue;
    }
    it(`${id} has examples`, () => assert.ok(examples, `${id} has no examples`));
    if (!examples) continue;
    it(`${id}: the failing example is reported`, async () => {
      const { kinds, problems } = await findingsOf(id, 'fail', examples.fail);
      assert.deepEqual(problems, []);
      assert.ok(kinds.includes('fail'), `${id} did not fire on its failing example (got ${kinds.join(', ') || 'nothing'})`);
    });
    it(`${id}: the fixed example is not`, async () => {
      const { kinds, problems } = await findingsOf(id, 'pass', examples.pass);
      assert.deepEqual(problems, []);
      assert.deepEqual(kinds, [], `${id} still reports on its fixed example`);
    });
  }
});
