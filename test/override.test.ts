/** Override files (override.tf, *_override.tf and their .tf.json forms): merged as Terraform merges them, for .tf and for the .tf behind a plan. */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../src/engine/types.js';
import { lint } from '../src/lint.js';
import { isOverrideFile, mergeModuleCall, mergeResource, mergeSettings, readingOrder } from '../src/load/override.js';
import { RULES } from '../rules/index.js';
import { SEED } from './arbitraries.js';
import { ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

describe('override files: names and order', () => {
  it('are override.tf, *_override.tf and their .tf.json forms, and nothing else', () => {
    for (const f of ['override.tf', 'dev_override.tf', 'a/b/override.tf.json', 'x_override.tf.json', '_override.tf']) assert.equal(isOverrideFile(f), true, f);
    for (const f of ['overrides.tf', 'override_dev.tf', 'myoverride.tf', 'override.tfvars', 'main.tf', 'override.tf.json.bak', 'override/main.tf', 'override.json']) {
      assert.equal(isOverrideFile(f), false, f);
    }
  });

  it('are read after every primary file, each group in the order given', () => {
    const files = ['a_override.tf', 'b.tf', 'override.tf', 'c.tf.json', 'd_override.tf.json', 'e.tf'];
    assert.deepEqual(readingOrder(files, (f) => f), ['b.tf', 'c.tf.json', 'e.tf', 'a_override.tf', 'override.tf', 'd_override.tf.json']);
  });
});

describe('mergeResource', () => {
  it('replaces arguments by name and keeps the others', () => {
    const base = { name: 'a', subresource_name: 'eventhub', tags: { a: '1' } };
    const m = mergeResource(base, { subresource_name: 'namespace', tags: { b: '2' } });
    assert.deepEqual(m.body, { name: 'a', subresource_name: 'namespace', tags: { b: '2' } });
    assert.equal(m.dependsOnIgnored, false);
    assert.deepEqual(base, { name: 'a', subresource_name: 'eventhub', tags: { a: '1' } }, 'the base is not changed');
  });

  it('replaces every nested block of a type, static or dynamic, with the override\'s blocks of that type', () => {
    const base = { ip_rule: [{ a: 1 }, { a: 2 }], dynamic: { ip_rule: [{ for_each: '${var.x}' }], other: [{ for_each: '${var.y}' }] }, identity: [{ type: 'SystemAssigned' }] };
    assert.deepEqual(mergeResource(base, { ip_rule: [{ a: 3 }] }).body, { ip_rule: [{ a: 3 }], dynamic: { other: [{ for_each: '${var.y}' }] }, identity: [{ type: 'SystemAssigned' }] });
    assert.deepEqual(mergeResource(base, { dynamic: { ip_rule: [{ for_each: '${var.z}' }] } }).body, {
      dynamic: { ip_rule: [{ for_each: '${var.z}' }], other: [{ for_each: '${var.y}' }] },
      identity: [{ type: 'SystemAssigned' }],
    });
    // The last dynamic block replaced: no empty `dynamic` is left.
    assert.deepEqual(mergeResource({ dynamic: { ip_rule: [{}] } }, { ip_rule: [{ a: 1 }] }).body, { ip_rule: [{ a: 1 }] });
  });

  it('replaces all provisioners when the override has any, and count, for_each, provider and connection', () => {
    const base = { provisioner: { 'local-exec': [{ command: 'one' }], file: [{ source: 'a' }] }, count: 2, provider: '${azurerm.a}', connection: [{ host: 'h' }] };
    const m = mergeResource(base, { provisioner: { 'local-exec': [{ command: 'two' }] }, for_each: '${var.m}', provider: '${azurerm.b}' });
    assert.deepEqual(m.body, { provisioner: { 'local-exec': [{ command: 'two' }] }, count: 2, for_each: '${var.m}', provider: '${azurerm.b}', connection: [{ host: 'h' }] });
    assert.deepEqual(mergeResource(base, { x: 1 }).body.provisioner, base.provisioner, 'no provisioner in the override: the base\'s stay');
  });

  it('merges lifecycle setting by setting: an empty ignore_changes is not taken, and a base\'s all stays', () => {
    const lc = (body: Record<string, unknown>): unknown => (body.lifecycle as unknown[])[0];
    const base = { lifecycle: [{ ignore_changes: ['${tags}'], prevent_destroy: true, replace_triggered_by: ['${a.b}'] }] };
    assert.deepEqual(lc(mergeResource(base, { lifecycle: [{ create_before_destroy: true }] }).body), { ignore_changes: ['${tags}'], prevent_destroy: true, replace_triggered_by: ['${a.b}'], create_before_destroy: true });
    assert.deepEqual(lc(mergeResource(base, { lifecycle: [{ ignore_changes: ['${body}'], prevent_destroy: false }] }).body), { ignore_changes: ['${body}'], prevent_destroy: false, replace_triggered_by: ['${a.b}'] });
    assert.deepEqual(lc(mergeResource(base, { lifecycle: [{ ignore_changes: [] }] }).body), base.lifecycle[0]);
    assert.deepEqual(lc(mergeResource(base, { lifecycle: [{ ignore_changes: '${all}' }] }).body), { ...base.lifecycle[0], ignore_changes: '${all}' });
    for (const all of ['${all}', 'all']) {
      assert.deepEqual(lc(mergeResource({ lifecycle: [{ ignore_changes: all }] }, { lifecycle: [{ ignore_changes: ['${body}'] }] }).body), { ignore_changes: all });
    }
    assert.deepEqual(lc(mergeResource({}, { lifecycle: [{ ignore_changes: '${all}' }] }).body), { ignore_changes: '${all}' }, 'a lifecycle only in the override');
  });

  it('does not take depends_on, and says so', () => {
    const m = mergeResource({ depends_on: ['${a.b}'] }, { depends_on: ['${c.d}'], x: 1 });
    assert.deepEqual(m.body, { depends_on: ['${a.b}'], x: 1 });
    assert.equal(m.dependsOnIgnored, true);
  });

  it('reads __proto__ and constructor as arguments, never as prototypes', () => {
    const over = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}') as Record<string, unknown>;
    const m = mergeResource({ a: 1 }, over);
    assert.equal(Object.getPrototypeOf(m.body), Object.prototype);
    assert.deepEqual(Object.keys(m.body).sort(), ['__proto__', 'a', 'constructor']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('takes every argument of the override and keeps every other one of the base (property)', () => {
    const key = fc.constantFrom('name', 'subresource_name', 'target_resource_id', 'tags', 'count', 'for_each', 'provider', 'x');
    const body = fc.dictionary(key, fc.oneof(fc.string(), fc.integer(), fc.boolean()));
    fc.assert(
      fc.property(body, body, (base, over) => {
        const merged = mergeResource(base, over).body;
        assert.deepEqual(Object.keys(merged).sort(), [...new Set([...Object.keys(base), ...Object.keys(over)])].sort());
        for (const [k, v] of Object.entries(merged)) assert.deepEqual(v, k in over ? over[k] : base[k]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('mergeSettings and mergeModuleCall', () => {
  it('take a variable\'s description, type, default, sensitive and nullable, not its validation', () => {
    const base = { type: '${string}', default: 'a', validation: [{ condition: '${true}' }] };
    const m = mergeSettings('variable', base, { default: 'b', sensitive: true, validation: [{ condition: '${false}' }] });
    assert.deepEqual(m.body, { type: '${string}', default: 'b', sensitive: true, validation: [{ condition: '${true}' }] });
  });

  it('take an output\'s value, description and sensitive; depends_on is refused', () => {
    const m = mergeSettings('output', { value: '${a.b}' }, { value: '${c.d}', depends_on: ['${e.f}'] });
    assert.deepEqual(m.body, { value: '${c.d}' });
    assert.equal(m.dependsOnIgnored, true);
  });

  it('take a module call\'s source and arguments, and refuse depends_on', () => {
    const m = mergeModuleCall({ source: './a', dep: true, depends_on: ['${x.y}'] }, { source: './b', dep: false, depends_on: [] });
    assert.deepEqual(m.body, { source: './b', dep: false, depends_on: ['${x.y}'] });
    assert.equal(m.dependsOnIgnored, true);
  });
});

/** The seed example in a repository of its own, with extra files. */
function seedWith(files: Record<string, string>, withPlan = true): string {
  const dir = scratchDir('synapse-lint-override-');
  mkdirSync(path.join(dir, '.git'));
  cpSync(path.join(ROOT, 'examples/seed-blog/main.tf'), path.join(dir, 'main.tf'));
  if (withPlan) cpSync(path.join(ROOT, 'examples/seed-blog/plan.json'), path.join(dir, 'plan.json'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const at = (f: Finding): string => `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
const one = (r: { findings: Finding[] }, rule: string, address: string): Finding => {
  const hits = r.findings.filter((f) => f.ruleId === rule && f.address === address);
  assert.equal(hits.length, 1, `${rule} ${address}: ${r.findings.map((f) => `${f.ruleId} ${f.address}`).join('; ')}`);
  return hits[0]!;
};

describe('override files in a lint', () => {
  const LA = 'azurerm_synapse_managed_private_endpoint.log_analytics';

  it('point a finding at the override that sets the attribute, for the .tf and for the plan beside it', async () => {
    // The override sets the same value as main.tf: the plan is the same, only where it is written changes.
    const dir = seedWith({ 'logs_override.tf': `\n\nresource "azurerm_synapse_managed_private_endpoint" "log_analytics" {\n  subresource_name = "api"\n}\n` });
    for (const input of ['.', 'plan.json']) {
      const r = await lint([{ path: path.join(dir, input) }], { rules: RULES, cwd: dir });
      assert.equal(at(one(r, 'SYN202', LA)), 'logs_override.tf:4:3', input);
      // What the override does not set stays where main.tf writes it.
      assert.equal(one(r, 'SYN301', LA).location.file, 'main.tf', input);
    }
  });

  it('read the override\'s command for the plan\'s provisioner, and the nth provisioner of a type for the nth', async () => {
    const main = readFileSync(path.join(ROOT, 'examples/seed-blog/main.tf'), 'utf8');
    const command = /provisioner "local-exec" \{[\s\S]*?EOT\n  \}/.exec(main)![0];
    const approvals = `resource "null_resource" "approve_storage_pe" {\n  ${command.replace('Microsoft.Storage/storageAccounts', 'Microsoft.KeyVault/vaults')}\n}\n`;
    // The plan's provisioners are those of the merged configuration: one, whose text is the override's.
    const dir = seedWith({ 'approvals_override.tf': approvals });
    for (const input of ['.', 'plan.json']) {
      const r = await lint([{ path: path.join(dir, input) }], { rules: RULES, cwd: dir });
      assert.match(one(r, 'SYN302', 'null_resource.approve_storage_pe').message, /Microsoft\.KeyVault\/vaults/, input);
    }
    // Without the override the type is right.
    const plain = await lint([{ path: path.join(seedWith({}), 'plan.json') }], { rules: RULES, cwd: dir });
    assert.equal(plain.findings.filter((f) => f.ruleId === 'SYN302').length, 0);

    // Two local-exec provisioners: an echo, then the approval. Each is read from its own block.
    const two = seedWith({});
    writeFileSync(path.join(two, 'main.tf'), main.replace(command, `provisioner "local-exec" {\n    command = "echo approving"\n  }\n\n  ${command}`));
    const plan = JSON.parse(readFileSync(path.join(two, 'plan.json'), 'utf8')) as { configuration: { root_module: { resources: { address: string; provisioners?: unknown[] }[] } } };
    const approve = plan.configuration.root_module.resources.find((r) => r.address === 'null_resource.approve_storage_pe')!;
    approve.provisioners = [{ type: 'local-exec', expressions: { command: { constant_value: 'echo approving' } } }, ...approve.provisioners!];
    writeFileSync(path.join(two, 'plan.json'), JSON.stringify(plan));
    for (const input of ['.', 'plan.json']) {
      const r = await lint([{ path: path.join(two, input) }], { rules: RULES, cwd: two });
      const approved = r.findings.filter((f) => f.ruleId === 'SYN301' && f.address === 'azurerm_synapse_managed_private_endpoint.storage');
      assert.deepEqual(approved, [], `${input}: the second provisioner approves the storage endpoint`);
      assert.equal(one(r, 'SYN301', 'azurerm_synapse_managed_private_endpoint.storage_dfs').level, 'error', input);
    }
  });

  it('take ignore_changes for the plan as Terraform merges it', async () => {
    const full = path.join(ROOT, 'fixtures/full-dep-setup');
    const withFiles = (main: string, files: Record<string, string>): string => {
      const dir = scratchDir('synapse-lint-override-');
      mkdirSync(path.join(dir, '.git'));
      cpSync(path.join(full, 'plan.json'), path.join(dir, 'plan.json'));
      writeFileSync(path.join(dir, 'main.tf'), main);
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      return dir;
    };
    const text = readFileSync(path.join(full, 'main.tf'), 'utf8');
    const ampls = text.indexOf('resource "azapi_update_resource" "ampls"');
    const listed = text.slice(0, ampls) + text.slice(ampls).replace('ignore_changes = all', 'ignore_changes = [body]');
    const override = (value: string): string => JSON.stringify({ resource: { azapi_update_resource: { ampls: { lifecycle: { ignore_changes: JSON.parse(value) } } } } });
    const cases: [string, Record<string, string>, boolean][] = [
      [listed, {}, true],
      [listed, { 'a_override.tf.json': override('"all"') }, false],
      [listed, { 'a_override.tf.json': override('"all"'), 'b_override.tf': 'resource "azapi_update_resource" "ampls" {\n  lifecycle {\n    ignore_changes = [body]\n  }\n}\n' }, false],
      [text, { 'override.tf.json': override('["body"]') }, false],
      [text, { 'override.tf.json': override('[]') }, false],
    ];
    for (const [main, files, fails] of cases) {
      const dir = withFiles(main, files);
      const r = await lint([{ path: path.join(dir, 'plan.json') }], { rules: RULES, cwd: dir });
      const syn306 = r.findings.filter((f) => f.ruleId === 'SYN306').map((f) => f.address);
      assert.deepEqual(syn306, fails ? ['azapi_update_resource.ampls'] : [], JSON.stringify(Object.keys(files)));
    }
  });

  it('merge any blocks of override files into the primary ones as Terraform does, and report overrides of nothing (property)', async () => {
    const names = ['a', 'b', 'c'];
    const value = fc.constantFrom('"blob"', '"dfs"', '"vault"', '"namespace"');
    const block = fc.record({ name: fc.constantFrom(...names), attrs: fc.dictionary(fc.constantFrom('subresource_name', 'name', 'x'), value, { minKeys: 1 }) });
    const text = (blocks: { name: string; attrs: Record<string, string> }[]): string =>
      blocks.map((b) => `resource "azurerm_synapse_managed_private_endpoint" "${b.name}" {\n${Object.entries(b.attrs).map(([k, v]) => `  ${k} = ${v}`).join('\n')}\n}\n`).join('\n');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(block, { selector: (b) => b.name, minLength: 1 }),
        fc.array(fc.uniqueArray(block, { selector: (b) => b.name }), { maxLength: 3 }),
        async (primary, overrides) => {
          const dir = scratchDir('synapse-lint-override-prop-');
          mkdirSync(path.join(dir, '.git'));
          writeFileSync(path.join(dir, 'main.tf'), text(primary));
          // Names that sort before main.tf: read after it all the same.
          overrides.forEach((o, i) => writeFileSync(path.join(dir, `${String.fromCharCode(97 + i)}_override.tf`), text(o)));
          const r = await lint([{ path: dir }], { rules: RULES, cwd: dir });
          const expected = new Map(primary.map((b) => [b.name, { ...b.attrs }]));
          let missing = 0;
          for (const o of overrides) {
            for (const b of o) {
              const base = expected.get(b.name);
              if (base) Object.assign(base, b.attrs);
              else missing++;
            }
          }
          assert.equal(r.problems.filter((p) => p.message.includes('overrides nothing')).length, missing, `${n++}`);
          assert.equal(r.problems.length, missing);
          for (const [name, attrs] of expected) {
            const node = r.graphs[0]!.node(`azurerm_synapse_managed_private_endpoint.${name}`)!;
            for (const [k, v] of Object.entries(attrs)) assert.equal((node.values as Record<string, unknown>)[k], JSON.parse(v), `${name}.${k}`);
          }
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });
});
