/** Rule definitions: registered, well-formed, documented, and each with failing and passing fixtures. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatMessage, placeholders, RuleDefinitionError } from '../src/engine/messages.js';
import { ruleDocPage, withRulesTable } from '../src/report/rule-docs.js';
import { RULES } from '../rules/index.js';
import { REPORT_RULES } from '../src/cli.js';
import { SUPPRESSION_RULE } from '../src/engine/controls.js';
import { fixtureCases, ROOT } from './fixture-lib.js';

describe('rules', () => {
  it('every rules/SYN*.ts file is registered, once, in ID order', () => {
    const files = readdirSync(path.join(ROOT, 'rules'))
      .filter((f) => /^SYN\d{3}\.ts$/.test(f))
      .map((f) => f.slice(0, -3))
      .sort();
    const ids = RULES.map((r) => r.meta.id);
    assert.deepEqual(ids, files);
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('fills every placeholder of a template with its value, and nothing else (fast-check)', async () => {
    const fc = (await import('fast-check')).default;
    const piece = fc.oneof(fc.constantFrom('{a}', '{b}', '{c_1}', '{', '}', '{}', '{-}', ' ', 'x', '$&', '$1'), fc.string({ maxLength: 3 }));
    const value = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('{a}', '$&', '$$'), fc.integer());
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.record({ a: value, b: value, c_1: value }), (pieces, data) => {
        const template = pieces.join('');
        const meta = { ...RULES[0]!.meta, messages: { m: template } };
        // One pass over the template: a value is put in as it is and never read as a placeholder itself.
        const values = data as Record<string, string | number>;
        const expected = template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : `\u0000${whole}`));
        if (expected.includes('\u0000')) assert.throws(() => formatMessage(meta, 'm', values), RuleDefinitionError);
        else assert.equal(formatMessage(meta, 'm', values), expected);
      }),
      { numRuns: 1000, seed: 11 },
    );
  });

  for (const rule of RULES) {
    const m = rule.meta;
    it(`${m.id} metadata is complete and within GitHub's limits`, () => {
      assert.match(m.name, /^[a-z]+(-[a-z0-9]+)*$/);
      assert.ok(['error', 'warning', 'note'].includes(m.level));
      assert.ok(m.summary.length > 10 && m.summary.length <= 1024 && !m.summary.endsWith('.'));
      assert.ok(m.description.length > 40 && m.description.length <= 1024);
      assert.ok(m.fix.length > 10);
      assert.ok(m.tags.length + 2 <= 20);
      assert.ok(m.securitySeverity > 0 && m.securitySeverity <= 10);
      assert.ok(Object.keys(m.messages).length > 0);
      // Messages are plain text: no markdown links or trailing periods, each placeholder a simple name.
      for (const [id, t] of Object.entries(m.messages)) {
        assert.doesNotMatch(t, /\]\(/, `${id} has a markdown link`);
        assert.ok(placeholders(t).length > 0, `${id} names no resource`);
      }
    });

    it(`${m.id} rejects unknown message IDs and missing data`, () => {
      assert.throws(() => formatMessage(m, 'no-such-message', {}), RuleDefinitionError);
      const [id, template] = Object.entries(m.messages)[0]!;
      assert.throws(() => formatMessage(m, id, {}), RuleDefinitionError);
      const data = Object.fromEntries(placeholders(template).map((p) => [p, `<${p}>`]));
      assert.ok(formatMessage(m, id, data).includes(`<${placeholders(template)[0]}>`));
    });

    it(`${m.id} has a failing and a passing fixture`, () => {
      const cases = fixtureCases().filter((c) => c.expected.rules[m.id]);
      const failing = cases.filter((c) => (c.expected.rules[m.id]!.fail ?? []).length > 0);
      const passing = cases.filter((c) => (c.expected.rules[m.id]!.pass ?? []).length > 0);
      assert.ok(failing.length > 0, `no fixture where ${m.id} fails`);
      assert.ok(passing.length > 0, `no fixture where ${m.id} passes`);
    });

    it(`${m.id} doc page is up to date (npm run docs)`, () => {
      const page = readFileSync(path.join(ROOT, 'docs/rules', `${m.id}.md`), 'utf8');
      assert.equal(page, ruleDocPage(rule));
    });
  }

  it('the README rules table and the suppression rule page are up to date (npm run docs)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, withRulesTable(readme, REPORT_RULES));
    assert.equal(readFileSync(path.join(ROOT, 'docs/rules/SYN001.md'), 'utf8'), ruleDocPage(SUPPRESSION_RULE));
    for (const r of RULES) assert.ok(readme.includes(`| ${r.meta.name} | ${r.meta.level} |`), r.meta.id);
  });

  it('rule objects cannot be changed', () => {
    assert.throws(() => {
      (RULES as unknown as unknown[]).push({});
    }, TypeError);
  });
});
