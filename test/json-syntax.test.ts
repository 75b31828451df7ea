/** Terraform's JSON syntax (.tf.json): blocks read as native syntax is, positions of blocks and attributes, and "//" suppressions. */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inlineSuppressions } from '../src/engine/controls.js';
import type { Finding } from '../src/engine/types.js';
import type { BlockPos, Range } from '../src/load/hcl/positions.js';
import { parseHcl } from '../src/load/hcl/parser.js';
import { fromJsonSyntax, nativeText, scanJsonPositions } from '../src/load/json-syntax.js';
import { ignoreChangesFromSource } from '../src/load/template.js';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { SEED } from './arbitraries.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

const slice = (text: string, r: Range): string => text.slice(r.start.offset, r.end.offset);

/** Line and column (1-based, UTF-16) of an offset, counted directly. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - nl };
}

function checkRange(text: string, r: Range): void {
  for (const p of [r.start, r.end]) assert.deepEqual({ line: p.line, column: p.column }, lineColumn(text, p.offset));
}

function allBlocks(blocks: readonly BlockPos[]): BlockPos[] {
  return blocks.flatMap((b) => [b, ...allBlocks(b.blocks)]);
}

describe('fromJsonSyntax', () => {
  it('reads each level as one object or an array of them, into the shape hcl2json gives', () => {
    const asObjects = {
      resource: { azurerm_storage_account: { a: { name: 'x' }, b: { name: 'y' } } },
      variable: { v: { default: 1 } },
      locals: { l: 2 },
    };
    const asArrays = {
      resource: [{ azurerm_storage_account: [{ a: [{ name: 'x' }] }] }, { azurerm_storage_account: { b: { name: 'y' } } }],
      variable: [{ v: [{ default: 1 }] }],
      locals: [{ l: 2 }],
    };
    const expected = {
      resource: { azurerm_storage_account: { a: [{ name: 'x' }], b: [{ name: 'y' }] } },
      variable: { v: [{ default: 1 }] },
      locals: [{ l: 2 }],
    };
    assert.deepEqual(fromJsonSyntax(asObjects), expected);
    assert.deepEqual(fromJsonSyntax(asArrays), expected);
  });

  it('leaves out "//" comment properties of the top level, of labels and of bodies, but not of values', () => {
    const doc = {
      '//': { metadata: { stack: 's' } },
      resource: { '//': 'types', t_x: { '//': 'names', n: { '//': { metadata: {} }, tags: { '//': 'a map key' } } } },
    };
    assert.deepEqual(fromJsonSyntax(doc), { resource: { t_x: { n: [{ tags: { '//': 'a map key' } }] } } });
  });

  it('keeps both bodies of a block written twice, the first first (the loader reads it); keys such as __proto__ are data', () => {
    const doc = JSON.parse('{"resource":[{"t_x":{"n":{"name":"first"}}},{"t_x":{"n":{"name":"second"}}}],"locals":{"__proto__":{"a":1}}}') as unknown;
    const out = fromJsonSyntax(doc) as { resource: { t_x: { n: { name: string }[] } }; locals: Record<string, unknown>[] };
    assert.deepEqual(out.resource.t_x.n.map((b) => b.name), ['first', 'second']);
    assert.ok(Object.prototype.hasOwnProperty.call(out.locals[0], '__proto__'));
    assert.equal(Object.getPrototypeOf(out.locals[0]), Object.prototype);
  });

  it('reads depends_on without ${} and provisioners as an array or an object, in the shape hcl2json gives', () => {
    const body = (provisioner: unknown): unknown => ({
      resource: { null_resource: { a: { depends_on: ['azurerm_x.y', '${azurerm_x.z}', 'module.m'], provisioner } } },
      module: { m: { source: './m', depends_on: ['azurerm_x.y'] } },
      output: { o: { value: '${azurerm_x.y.id}', depends_on: ['azurerm_x.y'] } },
    });
    const expected = {
      resource: {
        null_resource: {
          a: [{ depends_on: ['${azurerm_x.y}', '${azurerm_x.z}', '${module.m}'], provisioner: { 'local-exec': [{ command: 'one' }, { command: 'three' }], file: [{ source: 'two' }] } }],
        },
      },
      module: { m: [{ source: './m', depends_on: ['${azurerm_x.y}'] }] },
      output: { o: [{ value: '${azurerm_x.y.id}', depends_on: ['${azurerm_x.y}'] }] },
    };
    // The order-keeping array (as CDK for Terraform writes it), with comments, and the object by type.
    const asArray = [{ 'local-exec': { command: 'one', '//': 'first' } }, { '//': 'x', file: { source: 'two' } }, { 'local-exec': [{ command: 'three' }] }];
    const asObject = { 'local-exec': [{ command: 'one' }, { command: 'three' }], file: { source: 'two' } };
    assert.deepEqual(fromJsonSyntax(body(asArray)), expected);
    assert.deepEqual(fromJsonSyntax(body(asObject)), expected);
    // A variable's body is not a resource's: its values stay as written.
    assert.deepEqual(fromJsonSyntax({ variable: { v: { default: { depends_on: ['x'] } } } }), { variable: { v: [{ default: { depends_on: ['x'] } }] } });
  });

  it('gives nothing for a document that is not an object', () => {
    for (const doc of [null, 1, 'x', [], [{ resource: {} }]]) assert.deepEqual(fromJsonSyntax(doc), {});
  });
});

const SAMPLE = [
  '{',
  '  "//": "a file comment",',
  '  "resource": {',
  '    "azurerm_synapse_workspace": {',
  '      "ws": {',
  '        "//": "synapse-lint-ignore SYN601 reviewed",',
  '        "name": "syn-a",',
  '        "identity": { "type": "SystemAssigned" },',
  '        "provisioner": [{ "local-exec": { "command": "echo ${self.id}" } }],',
  '        "tags": ["a", "b"]',
  '      }',
  '    }',
  '  },',
  '  "data": [{ "azurerm_client_config": { "current": {} } }],',
  '  "module": { "m": { "source": "./m" } },',
  '  "locals": { "x": 1 }',
  '}',
].join('\n');

describe('scanJsonPositions', () => {
  const fp = scanJsonPositions(SAMPLE);

  it('finds each block with its labels, its header on the property that opens it', () => {
    assert.deepEqual(
      fp.blocks.map((b) => [b.type, b.labels, b.range.start.line, b.range.start.column, b.range.end.line, slice(SAMPLE, b.typeRange)]),
      [
        ['resource', ['azurerm_synapse_workspace', 'ws'], 5, 7, 11, '"ws"'],
        ['data', ['azurerm_client_config', 'current'], 14, 41, 14, '"current"'],
        ['module', ['m'], 15, 15, 15, '"m"'],
        ['locals', [], 16, 3, 16, '"locals"'],
      ],
    );
  });

  it('gives attributes their name and value, and reads objects and lists of objects as nested blocks too', () => {
    const ws = fp.blocks[0]!;
    assert.deepEqual([...ws.attributes.keys()], ['name', 'identity', 'provisioner', 'tags']);
    const name = ws.attributes.get('name')!;
    assert.equal(slice(SAMPLE, name.nameRange), '"name"');
    assert.equal(slice(SAMPLE, name.valueRange), '"syn-a"');
    assert.equal(slice(SAMPLE, name.range), '"name": "syn-a"');
    assert.deepEqual(
      ws.blocks.map((b) => [b.type, b.labels, b.range.start.line]),
      [
        ['identity', [], 8],
        ['provisioner', ['local-exec'], 9],
      ],
    );
    assert.equal(slice(SAMPLE, ws.blocks[1]!.attributes.get('command')!.valueRange), '"echo ${self.id}"');
    for (const b of allBlocks(fp.blocks)) {
      checkRange(SAMPLE, b.range);
      for (const a of b.attributes.values()) for (const r of [a.range, a.nameRange, a.valueRange]) checkRange(SAMPLE, r);
    }
  });

  it('reads "//" properties as comments; one in a body belongs to that block', () => {
    assert.deepEqual(
      fp.comments.map((c) => [c.text, c.range.start.line, c.owner?.labels.join('.')]),
      [
        ['a file comment', 2, undefined],
        ['synapse-lint-ignore SYN601 reviewed', 6, 'azurerm_synapse_workspace.ws'],
      ],
    );
  });

  it('never throws, on any text or on any cut of a real file', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'a', ' ', '\n') })), (text) => {
        scanJsonPositions(text);
      }),
      { seed: SEED, numRuns: 500 },
    );
    for (let i = 0; i <= SAMPLE.length; i++) scanJsonPositions(SAMPLE.slice(0, i));
  });

  it('does not overflow on deep nesting', () => {
    const deep = `{"locals":{"x":${'['.repeat(100000)}${']'.repeat(100000)}}}`;
    assert.equal(scanJsonPositions(deep).blocks.length, 1);
  });
});

/** A name Terraform accepts, or one with characters JSON escapes. */
const label = fc.oneof(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,11}$/), fc.string({ minLength: 1, maxLength: 8 }));
const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null));
const attrValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(label, scalar, { maxKeys: 3 }));
const body = fc.dictionary(
  label.filter((k) => k !== '//'),
  attrValue,
  { maxKeys: 5 },
);
const resources = fc.dictionary(fc.stringMatching(/^[a-z]+_[a-z_]{1,10}$/), fc.dictionary(label.filter((k) => k !== '//'), body, { minKeys: 1, maxKeys: 3 }), { minKeys: 1, maxKeys: 3 });

describe('scanJsonPositions on generated files (fast-check)', () => {
  it('places every resource and attribute of any file exactly, whatever its layout', () => {
    fc.assert(
      fc.property(resources, fc.constantFrom<string | number>(0, 1, 2, '\t'), fc.boolean(), (res, indent, crlf) => {
        let text = JSON.stringify({ resource: res }, null, indent);
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const fp = scanJsonPositions(text);
        const expected = Object.entries(res).flatMap(([type, byName]) => Object.keys(byName).map((name) => JSON.stringify([type, name])));
        assert.deepEqual(
          fp.blocks.map((b) => JSON.stringify(b.labels)),
          expected,
        );
        for (const b of fp.blocks) {
          const [type, name] = b.labels as [string, string];
          const content = res[type]![name]!;
          assert.equal(b.type, 'resource');
          assert.deepEqual(JSON.parse(slice(text, b.typeRange)), name);
          checkRange(text, b.range);
          assert.deepEqual([...b.attributes.keys()], Object.keys(content));
          for (const [k, a] of b.attributes) {
            assert.equal(JSON.parse(slice(text, a.nameRange)), k);
            // Generated objects have no prototype; JSON gives plain ones.
            assert.deepEqual(JSON.parse(slice(text, a.valueRange)), JSON.parse(JSON.stringify(content[k])));
            checkRange(text, a.range);
          }
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('"//" suppressions', () => {
  it('apply to the block whose body holds them, wherever in the body they are; one without a reason is kept for SYN001', () => {
    const text = [
      '{',
      '  "resource": {',
      '    "azurerm_synapse_managed_private_endpoint": {',
      '      "a": {',
      '        "name": "a",',
      '        "//": "synapse-lint-ignore SYN301 approved by hand",',
      '        "subresource_name": "dfs"',
      '      },',
      '      "b": { "//": "synapse-lint-ignore SYN202" }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(
      inlineSuppressions('main.tf.json', text).map((s) => [s.rules.join(','), s.reason, s.from, s.to, s.scope, s.line]),
      [
        ['SYN301', 'approved by hand', 4, 8, 'resource "azurerm_synapse_managed_private_endpoint" "a"', 6],
        ['SYN202', '', 9, 9, 'resource "azurerm_synapse_managed_private_endpoint" "b"', 9],
      ],
    );
  });
});

describe('nativeText', () => {
  it('writes a JSON string as a quoted template and a list of strings as traversals; anything else as it is', () => {
    assert.equal(nativeText('"az \\/ ${x.id}\\n"'), '"az / ${x.id}\\n"');
    assert.equal(nativeText('["tags", "identity[0]"]'), '[tags, identity[0]]');
    assert.equal(nativeText('"all"'), '"all"');
    assert.equal(nativeText('{"a": 1}'), '{"a": 1}');
    assert.equal(nativeText('not json'), 'not json');
  });
});

describe('ignoreChangesFromSource', () => {
  it('reads the attributes of a list in native syntax, in the quoted old form and as nativeText gives JSON syntax', () => {
    const cases: [string, 'all' | string[]][] = [
      ['all', 'all'],
      ['"all"', 'all'],
      ['[tags, identity]', ['tags', 'identity']],
      ['[\n  tags, # the team adds these\n  identity[0].type, // and this\n  /* not this */ tags["env"],\n]', ['tags', 'identity[0].type', 'tags["env"]']],
      ['["tags", "tags[\\"env\\"]"]', ['tags', 'tags["env"]']],
      [nativeText('["tags", "identity"]'), ['tags', 'identity']],
      ['[]', []],
    ];
    for (const [text, expected] of cases) assert.deepEqual(ignoreChangesFromSource(text), expected, text);
  });
});

describe('the seed example in JSON syntax', () => {
  function key(f: Finding): string {
    return `${f.ruleId} ${f.level} ${f.kind} ${f.address} ${f.message} ${f.related.map((r) => r.address).join(',')}`;
  }

  /** The seed's main.tf as main.tf.json, in a repository of its own. */
  async function seedAsJson(): Promise<{ dir: string; text: string }> {
    const dir = scratchDir('synapse-lint-tfjson-');
    mkdirSync(path.join(dir, '.git'));
    const tf = readFileSync(path.join(ROOT, 'examples/seed-blog/main.tf'), 'utf8');
    const text = JSON.stringify(await parseHcl('main.tf', tf), null, 2);
    writeFileSync(path.join(dir, 'main.tf.json'), text);
    return { dir, text };
  }

  it('gives the findings of the .tf, each on its block or on an attribute of it in the .tf.json', async () => {
    const { dir, text } = await seedAsJson();
    const native = await lint([{ path: 'examples/seed-blog' }], { rules: RULES, cwd: ROOT });
    const json = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    assert.ok(native.findings.length >= 5);
    assert.deepEqual(json.findings.map(key).sort(), native.findings.map(key).sort());
    const lines = text.split('\n');
    const fp = scanJsonPositions(text);
    for (const f of json.findings) {
      assert.equal(f.location.file, 'main.tf.json');
      const [type, name] = f.address.split('.');
      const block = fp.blocks.find((b) => b.labels[0] === type && b.labels[1] === name)!;
      assert.ok(block, f.address);
      assert.ok(f.location.startLine >= block.range.start.line && f.location.endLine <= block.range.end.line, `${f.ruleId} ${f.address}`);
      const at = lines[f.location.startLine - 1]!.slice(f.location.startColumn - 1);
      assert.match(at, /^"[^"]+": /, `${f.ruleId} ${f.address}: ${at}`);
    }
    const la = json.findings.find((f) => f.ruleId === 'SYN202')!;
    assert.match(lines[la.location.startLine - 1]!, /"subresource_name": "api"/);
  });

  it('places the findings of its plan at the same .tf.json lines, with the same messages', async () => {
    const { dir } = await seedAsJson();
    cpSync(path.join(ROOT, 'examples/seed-blog/plan.json'), path.join(dir, 'plan.json'));
    const where = (f: Finding): string => `${f.ruleId} ${f.address} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.message}`;
    const tf = await lint([{ path: dir }], { rules: RULES, cwd: dir });
    const plan = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
    assert.ok(plan.findings.every((f) => f.location.file === 'main.tf.json'));
    assert.deepEqual(plan.findings.map(where), tf.findings.map(where));
  });
});
