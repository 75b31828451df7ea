/**
 * `npm run fuzz`: the property tests, run long. FUZZ_RUNS (default 100,000 in all) and FUZZ_SEED
 * choose how many cases and from where; the count and the seed are printed to reproduce a failure.
 */
import fc from 'fast-check';
import { checkHclRun, checkPlanRun, hclText, mutate, mutationKind, planDocument, seedPlans } from '../test/arbitraries.js';

const total = Number(process.env.FUZZ_RUNS ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const plans = seedPlans();
const share = { documents: Math.floor(total * 0.4), mutations: Math.floor(total * 0.5), hcl: 0 };
share.hcl = total - share.documents - share.mutations;

console.log(`fuzz: ${total} cases, seed ${seed} (rerun with FUZZ_SEED=${seed} FUZZ_RUNS=${total})`);
const started = Date.now();
let cases = 0;
const count = <T>(f: (x: T) => Promise<void>) => async (x: T): Promise<void> => {
  cases++;
  if (cases % 10_000 === 0) console.log(`  ${cases} cases, ${Math.round((Date.now() - started) / 1000)} s`);
  await f(x);
};
// The scratch folder of the runs goes when the process exits (test/scratch.ts).
await fc.assert(fc.asyncProperty(planDocument, count((doc: unknown) => checkPlanRun(JSON.stringify(doc)))), { numRuns: share.documents, seed });
await fc.assert(
  fc.asyncProperty(fc.tuple(fc.nat(plans.length - 1), fc.nat(), mutationKind), count(([i, where, kind]) => checkPlanRun(JSON.stringify(mutate(plans[i]!.doc, where, kind))))),
  { numRuns: share.mutations, seed: seed + 1 },
);
let n = 0;
await fc.assert(fc.asyncProperty(hclText, count((text: string) => checkHclRun(text, n++))), { numRuns: share.hcl, seed: seed + 2 });
console.log(`fuzz: ${cases} cases passed in ${Math.round((Date.now() - started) / 1000)} s (seed ${seed})`);
// The HCL parser's runtime keeps the event loop alive.
process.exit(0);
