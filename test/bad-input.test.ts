/** SPEC §7 for plan input: every bad input is exit 2 with one line naming it; the other inputs of the run are still linted. */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { run } from '../src/cli.js';
import { jsonErrorOffset } from '../src/load/text.js';
import { ROOT } from './fixture-lib.js';
import { synthPlan } from '../bench/synth.js';
import { scratchDir } from './scratch.js';

const GOOD = path.join(ROOT, 'examples/seed-blog/plan.json');
const goodText = readFileSync(GOOD, 'utf8');
const dir = scratchDir('synapse-lint-bad-');

function nested(depth: number): string {
  // Built as text: a value this deep is past what JSON.stringify can recurse through.
  const deep = `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
  return goodText.replace('"resource_changes": [', `"resource_changes": [{"address":"azurerm_storage_account.deep","mode":"managed","type":"azurerm_storage_account","name":"deep","change":{"actions":["create"],"after":{"tags":{"deep":${deep}}},"after_unknown":{}}},`);
}

/** Keys that would be prototype members if the plan were read carelessly, written as JSON text. */
const PROTO_PLAN = `{
  "format_version": "1.2",
  "__proto__": {"polluted": 1},
  "constructor": {"prototype": {"polluted": 1}},
  "variables": {"__proto__": {"value": {"polluted": 1}}},
  "configuration": {"root_module": {
    "module_calls": {"constructor": {"source": "./x", "module": {"resources": []}}, "__proto__": {"source": "./y"}},
    "variables": {"constructor": {"default": 1}},
    "resources": [{"address": "azurerm_synapse_workspace.__proto__", "mode": "managed", "type": "azurerm_synapse_workspace", "name": "__proto__",
      "expressions": {"__proto__": {"references": ["var.constructor", "module.constructor.__proto__", "__proto__.x"]}, "data_exfiltration_protection_enabled": {"constant_value": false}}}]}},
  "resource_changes": [{"address": "azurerm_synapse_workspace.__proto__", "mode": "managed", "type": "azurerm_synapse_workspace", "name": "__proto__",
    "change": {"actions": ["create"], "after": {"__proto__": {"data_exfiltration_protection_enabled": true}, "constructor": 1, "data_exfiltration_protection_enabled": false}, "after_unknown": {"__proto__": true}}}]
}`;

function utf16(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

interface Row {
  readonly name: string;
  readonly content: string | Buffer | 'dir';
  /** Expected exit when linted alone; 2 rows also need `message`. */
  readonly code: number;
  readonly message?: RegExp;
}

const ROWS: Row[] = [
  { name: 'truncated.json', content: goodText.slice(0, 500), code: 2, message: /invalid JSON at line \d+, column \d+/ },
  // V8 gives no position for these, and quotes the text over several lines: the message is one line with one.
  { name: 'garbage.json', content: 'garbage', code: 2, message: /invalid JSON at line 1, column 1: Unexpected token 'g'$/m },
  { name: 'bad-literal.json', content: '{\n  "format_version": "1.2",\n  "x": tru\n}', code: 2, message: /invalid JSON at line 3, column 8: Unexpected token '\\n'$/m },
  { name: 'binary.tfplan', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]), code: 2, message: /binary plan file .*terraform show -json/ },
  { name: 'state.json', content: JSON.stringify({ version: 4, terraform_version: '1.9.5', serial: 3, lineage: 'x', resources: [] }), code: 2, message: /state file, not a plan/ },
  { name: 'state-show.json', content: JSON.stringify({ format_version: '1.0', values: { root_module: {} } }), code: 2, message: /of a state, not a plan/ },
  { name: 'fragment.json', content: JSON.stringify({ root_module: { resources: [] } }), code: 2, message: /planned_values fragment/ },
  { name: 'v2.json', content: JSON.stringify({ format_version: '2.0', planned_values: {} }), code: 2, message: /format_version 2\.0 is not supported/ },
  { name: 'no-version.json', content: JSON.stringify({ resource_changes: [] }), code: 2, message: /no format_version/ },
  { name: 'array.json', content: '[1, 2]', code: 2, message: /not an object/ },
  { name: 'utf16-bom.json', content: utf16(goodText, true), code: 1 },
  { name: 'utf8-bom.json', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodText)]), code: 1 },
  { name: 'utf16-no-bom.json', content: utf16(goodText, false), code: 2, message: /UTF-16 .* without a byte order mark/ },
  { name: 'empty.json', content: '', code: 2, message: /empty/ },
  { name: 'bad-utf8.json', content: Buffer.concat([Buffer.from('{"format_version": "1.2", "x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), code: 2, message: /not valid UTF-8 \(first bad byte at offset 32\)/ },
  { name: 'a-directory', content: 'dir', code: 2, message: /no \.tf or \.tf\.json files in this directory/ },
  { name: 'deep.json', content: nested(10_000), code: 2, message: /nested more than 256 levels deep/ },
  { name: 'proto.json', content: PROTO_PLAN, code: 1 },
];

function write(row: Row): string {
  const p = path.join(dir, row.name);
  if (row.content === 'dir') mkdirSync(p, { recursive: true });
  else writeFileSync(p, row.content);
  return path.relative(ROOT, p);
}

async function lintFiles(files: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run([...files, '--format', 'sarif'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => new Uint8Array(),
    env: {},
    isTTY: false,
    cwd: ROOT,
  });
  return { code, stdout, stderr };
}

describe('bad input: links and size', () => {
  it('a plan path that is a symbolic link loop: exit 2, one line, the other input still linted', async () => {
    const loop = path.join(dir, 'loop.json');
    symlinkSync(loop, loop);
    const rel = path.relative(ROOT, loop);
    const r = await lintFiles([rel, path.relative(ROOT, GOOD)]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^synapse-lint: ${rel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is a symbolic link loop\n$`));
    assert.match(r.stdout, /SYN202/);
  });

  it('a 200 MB plan is linted, not rejected', { timeout: 600_000 }, async () => {
    const big = path.join(dir, 'big.json');
    const text = synthPlan(15_300);
    assert.ok(text.length > 200 * 1024 * 1024, `${Math.round(text.length / 1048576)} MiB`);
    writeFileSync(big, text);
    const r = await lintFiles([path.relative(ROOT, big)]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    assert.ok(log.runs[0]!.results.length > 2000);
    rmSync(big);
  });
});

describe('bad input', () => {
  for (const row of ROWS) {
    it(`${row.name}: exit ${row.code}${row.message ? `, "${row.message.source}"` : ''}`, async () => {
      const file = write(row);
      const alone = await lintFiles([file]);
      assert.equal(alone.code, row.code, alone.stderr);
      if (row.code === 2) {
        assert.equal(alone.stderr.split('\n').filter(Boolean).length, 1, 'one line');
        assert.ok(alone.stderr.startsWith(`synapse-lint: ${file}: `), alone.stderr);
        assert.match(alone.stderr, row.message!);
        // With a good plan beside it: still exit 2, and the good plan's findings are reported.
        const both = await lintFiles([file, path.relative(ROOT, GOOD)]);
        assert.equal(both.code, 2);
        const log = JSON.parse(both.stdout) as { runs: { results: { ruleId: string }[]; invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[] };
        assert.ok(log.runs[0]!.results.some((r) => r.ruleId === 'SYN202'), 'the good plan was linted');
        assert.equal(log.runs[0]!.invocations[0]!.toolExecutionNotifications.length, 1);
      } else {
        assert.equal(alone.stderr, '');
      }
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    });
  }
});

describe('where invalid JSON goes wrong', () => {
  it('is the end of valid JSON, and exactly where a character that JSON never allows outside strings is put (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), fc.nat(), (value, pretty, at) => {
        const text = JSON.stringify(value, null, pretty ? 2 : 0);
        assert.equal(jsonErrorOffset(text), text.length);
        const p = at % (text.length + 1);
        const broken = `${text.slice(0, p)}#${text.slice(p)}`;
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        if (valid) return; // inside a string the character is text
        // Anywhere else the JSON breaks there: at it, or where the token it splits starts.
        const offset = jsonErrorOffset(broken);
        assert.ok(offset <= p, `${offset} > ${p} in ${broken}`);
        const between = (c: string | undefined): boolean => c === undefined || '{}[],: \n'.includes(c);
        if (between(text[p - 1]) && between(text[p])) assert.equal(offset, p, broken);
      }),
      { numRuns: 500, seed: 20261128 },
    );
  });
});
