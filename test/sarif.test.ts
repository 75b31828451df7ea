/** SARIF output: valid against the SARIF 2.1.0 schema, and byte-identical whatever the order of the plan's resources. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { lint } from '../src/lint.js';
import { formatSarif } from '../src/report/sarif.js';
import { version } from '../src/cli.js';
import { RULES } from '../rules/index.js';
import { fixtureCases, ROOT } from './fixture-lib.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const schemaPath = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json');

async function sarifFor(file: string, text?: string): Promise<string> {
  const input = text === undefined ? { path: file } : { path: file, stdin: new TextEncoder().encode(text) };
  const r = await lint([input], { rules: RULES, cwd: ROOT });
  return formatSarif({ findings: r.findings, rules: RULES, problems: r.problems, version: version(), sources: r.sources });
}

describe('SARIF', () => {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  const cases = fixtureCases();

  it('every fixture and the bundled example give SARIF that the SARIF 2.1.0 schema accepts', async () => {
    const files = [...cases.flatMap((c) => c.inputs.map((i) => path.relative(ROOT, i) || '.')), 'examples/seed-blog/plan.json', 'examples/seed-blog'];
    let results = 0;
    for (const f of files) {
      const log = JSON.parse(await sarifFor(f)) as { runs: { results: unknown[] }[] };
      const ok = validate(log);
      assert.ok(ok, `${f}: ${ajv.errorsText(validate.errors)}`);
      results += log.runs[0]!.results.length;
    }
    assert.ok(results > 20, 'the fixtures produce results to validate');
  });

  it('a clean run has results: [] and the same rules', async () => {
    const log = JSON.parse(await sarifFor('fixtures/syn201-u1-filesystem-pass/plan.json')) as {
      runs: { results: unknown[]; tool: { driver: { rules: unknown[] } } }[];
    };
    // That case may have findings of other rules; the property holds for an input without resources.
    const empty = JSON.parse(await sarifFor('-', JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} } }))) as typeof log;
    assert.deepEqual(empty.runs[0]!.results, []);
    assert.equal(empty.runs[0]!.tool.driver.rules.length, RULES.length);
    assert.equal(log.runs[0]!.tool.driver.rules.length, RULES.length);
  });

  it('every result has exactly one physical location with a region, a logical location and fingerprints', async () => {
    const log = JSON.parse(await sarifFor('examples/seed-blog/plan.json')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; logicalLocations: { fullyQualifiedName: string }[] }[]; partialFingerprints: Record<string, string> }[] }[];
    };
    const results = log.runs[0]!.results;
    assert.ok(results.length > 0);
    for (const r of results) {
      assert.equal(r.locations.length, 1);
      const loc = r.locations[0]!;
      assert.equal(loc.physicalLocation.artifactLocation.uri, 'examples/seed-blog/main.tf', 'plan findings point at the .tf behind them');
      assert.ok(loc.physicalLocation.region.startLine >= 1);
      assert.match(loc.logicalLocations[0]!.fullyQualifiedName, /^[a-z]+_[a-z_]+\.[a-z_]+$/);
      assert.match(r.partialFingerprints.primaryLocationLineHash ?? '', /^[0-9a-f]+:\d+$/);
      assert.match(r.partialFingerprints['synapseLint/v1'] ?? '', /^[0-9a-f]{32}$/);
    }
  });

  it('is byte-identical when the order of input files changes', async () => {
    const files = ['fixtures/syn202-invalid-subresource/plan.json', 'examples/seed-blog/plan.json', 'fixtures/syn103-workspace-replaced/plan.json'];
    const run = async (list: string[]): Promise<string> => {
      const r = await lint(list.map((p) => ({ path: p })), { rules: RULES, cwd: ROOT });
      return formatSarif({ findings: r.findings, rules: RULES, problems: r.problems, version: version(), sources: r.sources });
    };
    const a = await run(files);
    assert.equal(await run([...files].reverse()), a);
    assert.equal(await run([files[1]!, files[2]!, files[0]!]), a);
  });

  it('gives the same results when the resources of a plan are shuffled (fast-check)', async () => {
    const plans = [...cases.flatMap((c) => c.inputs.filter((i) => i.endsWith('plan.json')).map((i) => path.relative(ROOT, i))), 'examples/seed-blog/plan.json'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...plans), fc.infiniteStream(fc.nat()), async (file, randoms) => {
        const doc = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
        const shuffle = <T>(list: T[]): T[] => {
          const out = [...list];
          const it = randoms[Symbol.iterator]();
          for (let i = out.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const shuffled = structuredClone(doc);
        if (Array.isArray(shuffled.resource_changes)) shuffled.resource_changes = shuffle(shuffled.resource_changes);
        const pv = (shuffled.planned_values as { root_module?: { resources?: unknown[] } } | undefined)?.root_module;
        if (pv?.resources) pv.resources = shuffle(pv.resources);
        const cfg = (shuffled.configuration as { root_module?: { resources?: unknown[] } } | undefined)?.root_module;
        if (cfg?.resources) cfg.resources = shuffle(cfg.resources);
        // Plan-file positions move with the text; everything else must not change.
        const a = await sarifFor(file, JSON.stringify(doc));
        const b = await sarifFor(file, JSON.stringify(shuffled));
        const strip = (s: string): unknown => {
          const log = JSON.parse(s) as { runs: { results: { locations: unknown; relatedLocations?: unknown; partialFingerprints: Record<string, string> }[] }[] };
          return log.runs[0]!.results.map((r) => ({ ...r, locations: undefined, relatedLocations: undefined, partialFingerprints: { id: r.partialFingerprints['synapseLint/v1'] } }));
        };
        assert.deepEqual(strip(b), strip(a));
      }),
      { numRuns: 60, seed: 20261127 },
    );
  });
});

describe('paths for GitHub', () => {
  it('run from a folder of a repository, SARIF and annotations name files from its root; text from the folder', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { run } = await import('../src/cli.js');
    const { scratchDir } = await import('./scratch.js');
    const repo = scratchDir('synapse-lint-paths-');
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'infra', 'live'), { recursive: true });
    mkdirSync(path.join(repo, 'infra', 'modules', 'ws'), { recursive: true });
    writeFileSync(path.join(repo, 'infra', 'live', 'main.tf'), 'module "ws" {\n  source = "../modules/ws"\n}\n');
    writeFileSync(path.join(repo, 'infra', 'modules', 'ws', 'main.tf'), 'resource "azurerm_synapse_workspace" "ws" {\n  name = "syn"\n  data_exfiltration_protection_enabled = false\n}\n');
    const cwd = path.join(repo, 'infra', 'live');
    const lintAs = async (format: string, from = cwd, input = '.'): Promise<string> => {
      let out = '';
      await run([input, '-f', format, '--fail-on', 'never'], { stdout: (t) => (out += t), stderr: () => {}, readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd: from });
      return out;
    };
    const urisOf = (sarif: string): string[] => {
      const log = JSON.parse(sarif) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      return [...new Set(log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri))];
    };
    assert.deepEqual(urisOf(await lintAs('sarif')), ['infra/modules/ws/main.tf']);
    // From outside the repository, its files are still named from its root.
    assert.deepEqual(urisOf(await lintAs('sarif', path.dirname(repo), path.join(path.basename(repo), 'infra', 'live'))), ['infra/modules/ws/main.tf']);
    assert.match(await lintAs('github'), /file=infra\/modules\/ws\/main\.tf,line=3/);
    assert.match(await lintAs('text'), /^  \.\.\/modules\/ws\/main\.tf:3:3 /m);
  });
});
