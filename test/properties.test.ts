/**
 * Properties that hold for any input (fast-check, fixed seed, bounded counts; `npm run fuzz` runs
 * the same ones longer): the CLI never throws, bad input is exit 2 with one line per problem, every
 * finding is about a resource of the graph, and output does not depend on order.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../src/cli.js';
import { checkHclRun, checkPlanRun, hclText, mutate, mutationKind, planDocument, SEED, seedPlans } from './arbitraries.js';
import { fixtureCases, ROOT } from './fixture-lib.js';

const RUNS = Number(process.env.SYNAPSE_LINT_PROPERTY_RUNS ?? 0);

const plans = seedPlans();

describe('properties', () => {
  it('arbitrary plan-shaped documents never throw out of the CLI', async () => {
    await fc.assert(fc.asyncProperty(planDocument, async (doc) => checkPlanRun(JSON.stringify(doc))), { numRuns: RUNS || 150, seed: SEED });
  });

  it('mutations of the fixtures and the corpus never throw: findings, or exit 2 with one line', async () => {
    assert.ok(plans.length > 60);
    await fc.assert(
      fc.asyncProperty(fc.nat(plans.length - 1), fc.nat(), mutationKind, async (i, where, kind) => checkPlanRun(JSON.stringify(mutate(plans[i]!.doc, where, kind)))),
      { numRuns: RUNS || 150, seed: SEED },
    );
  });

  it('arbitrary HCL-ish text never throws out of the CLI', async () => {
    let n = 0;
    await fc.assert(fc.asyncProperty(hclText, async (text) => checkHclRun(text, n++)), { numRuns: RUNS || 60, seed: SEED });
  });

  it('output is byte-identical when a plan\'s resources, module calls and child modules are shuffled', async () => {
    // Cases written both ways: the plan's findings point at the .tf beside it, so shuffling the JSON moves no location.
    const cases = fixtureCases().filter((c) => c.inputs.some((i) => i.endsWith('plan.json')) && c.inputs.length > 1);
    assert.ok(cases.length >= 10);
    /** Arrays whose order carries no meaning in a plan (lists of resources and modules); attribute lists keep their order. */
    const SHUFFLE = /^(resources|resource_changes|child_modules)$/;
    const shuffleOrderless = (doc: unknown, random: () => number, key = ''): unknown => {
      if (Array.isArray(doc)) {
        const out = doc.map((d) => shuffleOrderless(d, random, ''));
        if (!SHUFFLE.test(key)) return out;
        // Only the order of the resources themselves: the lists inside them (a list attribute and its
        // after_unknown mask) keep their order, or an entry would change places with its mask.
        for (let i = out.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [out[i], out[j]] = [out[j], out[i]];
        }
        return out;
      }
      if (doc !== null && typeof doc === 'object') {
        const entries = Object.entries(doc).map(([k, v]) => [k, shuffleOrderless(v, random, k)] as const);
        for (let i = entries.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [entries[i], entries[j]] = [entries[j]!, entries[i]!];
        }
        return Object.fromEntries(entries);
      }
      return doc;
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (c, s) => {
        let state = s;
        const random = (): number => ((state = (state * 48271) % 2147483647) / 2147483647);
        const planPath = c.inputs.find((i) => i.endsWith('plan.json'))!;
        const original = readFileSync(planPath, 'utf8');
        const shuffled = path.join(path.dirname(planPath), 'plan.shuffled.json');
        writeFileSync(shuffled, JSON.stringify(shuffleOrderless(JSON.parse(original), random), null, 1));
        try {
          const out = async (file: string): Promise<string> => {
            let stdout = '';
            await run([path.relative(ROOT, file), '-f', 'sarif'], { stdout: (t) => (stdout += t), stderr: () => {}, readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd: ROOT });
            return stdout.replaceAll('plan.shuffled.json', 'plan.json');
          };
          assert.equal(await out(shuffled), await out(planPath));
        } finally {
          rmSync(shuffled, { force: true });
        }
      }),
      { numRuns: RUNS || 25, seed: SEED },
    );
  });
});
