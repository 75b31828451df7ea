/** Generated inputs for the property tests and `npm run fuzz`: plan-shaped documents, mutations of real plans, HCL-ish text. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { run } from '../src/cli.js';
import { lint } from '../src/lint.js';
import { RULES } from '../rules/index.js';
import { decodeText } from '../src/load/text.js';
import { CORPUS, fixtureCases, ROOT } from './fixture-lib.js';
import { scratchDir } from './scratch.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The plans to mutate: every fixture plan and every corpus plan that parses. */
export function seedPlans(): { name: string; doc: Json }[] {
  const out: { name: string; doc: Json }[] = [];
  const files = [
    ...fixtureCases().flatMap((c) => c.inputs.filter((i) => i.endsWith('plan.json'))),
    ...readdirSync(CORPUS).map((f) => path.join(CORPUS, f)),
    path.join(ROOT, 'examples/seed-blog/plan.json'),
  ];
  for (const f of [...new Set(files)].sort()) {
    try {
      out.push({ name: path.relative(ROOT, f), doc: JSON.parse(decodeText(readFileSync(f), f)) as Json });
    } catch {
      // Broken corpus files are tested as they are elsewhere.
    }
  }
  return out;
}

const TYPES = ['azurerm_synapse_workspace', 'azurerm_synapse_managed_private_endpoint', 'azurerm_storage_account', 'azurerm_key_vault', 'azurerm_synapse_spark_pool', 'azurerm_synapse_linked_service', 'azurerm_role_assignment', 'azapi_update_resource', 'null_resource', 'azurerm_monitor_private_link_scope', 'azurerm_log_analytics_workspace', '__proto__', 'constructor'];
const KEYS = ['name', 'id', 'data_exfiltration_protection_enabled', 'managed_virtual_network_enabled', 'subresource_name', 'target_resource_id', 'synapse_workspace_id', 'storage_data_lake_gen2_filesystem_id', 'spark_config', 'type', 'type_properties_json', 'scope', 'principal_id', '__proto__', 'constructor', 'prototype', 'toString'];

const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('dfs', 'blob', 'eventhub', 'sqlserver', 'azuremonitor', '', 'https://stx.dfs.core.windows.net/fs', '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stx', '${var.x}', 'true'),
);

const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 })),
})).v;

const address = fc.tuple(fc.option(fc.constantFrom('module.a.', 'module.b["x"].', 'module.a.module.c.'), { nil: '' }), fc.constantFrom(...TYPES), fc.constantFrom('x', 'y', 'this', '__proto__'), fc.option(fc.constantFrom('[0]', '["k"]'), { nil: '' })).map(([m, t, n, k]) => ({ address: `${m}${t}.${n}${k}`, type: t, name: n }));

const resourceChange: fc.Arbitrary<unknown> = fc
  .record({ a: address, actions: fc.constantFrom(['create'], ['update'], ['delete', 'create'], ['create', 'delete'], ['no-op'], ['delete'], ['read'], ['forget']), after: value, unknown: value, sensitive: value, replace: fc.option(fc.array(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.nat(3)), { maxLength: 3 }), { maxLength: 2 })) })
  .map(({ a, actions, after, unknown, sensitive, replace }) => ({
    address: a.address, mode: 'managed', type: a.type, name: a.name,
    change: { actions, before: null, after, after_unknown: unknown, after_sensitive: sensitive, ...(replace ? { replace_paths: replace } : {}) },
  }));

const configResource: fc.Arbitrary<unknown> = fc.record({ a: address, refs: fc.array(fc.constantFrom('var.x', 'local.y', 'module.a.out', 'azurerm_storage_account.x.id', 'azurerm_storage_account.x', 'each.key', 'count.index', 'azurerm_synapse_workspace.this.identity[0].principal_id', '__proto__.x', 'data.a.b.c'), { maxLength: 4 }) }).map(({ a, refs }) => ({
  address: a.address.replace(/^module\.[^.]*(\["x"\])?\.(module\.c\.)?/, ''), mode: 'managed', type: a.type, name: a.name,
  expressions: { target_resource_id: { references: refs }, synapse_workspace_id: { references: refs }, name: { constant_value: 'n' } },
}));

/** A document shaped like a plan, with random resources, configuration and module calls. */
export const planDocument: fc.Arbitrary<unknown> = fc.record({
  format_version: fc.constantFrom('0.1', '0.2', '1.0', '1.2', '1.9', '2.0', '', 'x'),
  resource_changes: fc.array(resourceChange, { maxLength: 12 }),
  configuration: fc.record({ root_module: fc.record({ resources: fc.array(configResource, { maxLength: 8 }), module_calls: fc.dictionary(fc.constantFrom('a', 'b', '__proto__', 'constructor'), fc.record({ source: fc.constantFrom('./a', 'x/y/z'), expressions: fc.dictionary(fc.constantFrom('x', 'y'), fc.record({ references: fc.array(fc.constantFrom('var.x', 'azurerm_storage_account.x.id'), { maxLength: 2 }) })), module: fc.record({ resources: fc.array(configResource, { maxLength: 3 }) }) }), { maxKeys: 3 }) }) }),
  planned_values: fc.record({ root_module: fc.record({ resources: fc.array(value, { maxLength: 3 }) }) }),
});

/** A path into a document, as the list of keys to follow. */
function paths(doc: Json, limit = 400): (string | number)[][] {
  const out: (string | number)[][] = [];
  const stack: [Json, (string | number)[]][] = [[doc, []]];
  while (stack.length > 0 && out.length < limit) {
    const [v, p] = stack.pop()!;
    out.push(p);
    if (Array.isArray(v)) v.forEach((c, i) => stack.push([c, [...p, i]]));
    else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) stack.push([c, [...p, k]]);
  }
  return out;
}

type Mutation = 'delete' | 'null' | 'wrong-type' | 'huge-string' | 'deep' | 'unknown-marker' | 'proto' | 'constructor';

/** Changes one place of a copy of `doc`. */
export function mutate(doc: Json, choice: number, kind: Mutation): Json {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  if (all.length === 0) return copy;
  const p = all[choice % all.length]!;
  let parent: Json = copy;
  for (const k of p.slice(0, -1)) parent = (parent as Record<string | number, Json>)[k]!;
  const key = p.at(-1)!;
  const target = parent as Record<string | number, Json>;
  let deep: Json = 'x';
  switch (kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete target[key];
      break;
    case 'null':
      target[key] = null;
      break;
    case 'wrong-type': {
      const v = target[key];
      target[key] = typeof v === 'string' ? 42 : typeof v === 'number' ? 'forty-two' : Array.isArray(v) ? { 0: 'x' } : typeof v === 'object' ? ['x'] : 'x';
      break;
    }
    case 'huge-string':
      target[key] = 'a'.repeat(200_000) + '.dfs.core.windows.net';
      break;
    case 'deep':
      for (let i = 0; i < 300; i++) deep = [deep];
      target[key] = deep;
      break;
    case 'unknown-marker':
      target[key] = true;
      break;
    case 'proto':
      Object.defineProperty(target, '__proto__', { value: { polluted: true, data_exfiltration_protection_enabled: true }, enumerable: true, configurable: true, writable: true });
      break;
    case 'constructor':
      Object.defineProperty(target, 'constructor', { value: { prototype: { polluted: true } }, enumerable: true, configurable: true, writable: true });
      break;
  }
  return copy;
}

export const mutationKind = fc.constantFrom<Mutation>('delete', 'null', 'wrong-type', 'huge-string', 'deep', 'unknown-marker', 'proto', 'constructor');

/** Text that looks like HCL: tokens, strings, heredocs, comments, brackets, in any order. */
export const hclText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('resource', 'module', 'variable', 'locals', '"azurerm_synapse_workspace"', '"x"', '{', '}', '[', ']', '(', ')', '=', '\n', ' ', '${', '%{', '"', '<<EOT\n', '\nEOT\n', '#', '//', '/*', '*/', 'var.x', 'local.y', 'azurerm_x.y.id', 'true', '1', 'for x in y :', '?', ':', ',', 'source = "../../../../etc"', 'file("/etc/passwd")', 'data_exfiltration_protection_enabled'),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

export const SEED = 20261127;

const scratch = scratchDir('synapse-lint-prop-');
mkdirSync(path.join(scratch, '.git'));

/** Runs the CLI on a plan given on stdin and checks what every run must satisfy. */
export async function checkPlanRun(text: string): Promise<void> {
  let stdout = '';
  let stderr = '';
  const code = await run(['-', '-f', 'sarif'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: () => new TextEncoder().encode(text), env: {}, isTTY: false, cwd: scratch });
  assert.ok(code === 0 || code === 1 || code === 2, `exit ${code}`);
  assert.doesNotMatch(stderr, /\n\s+at |internal error/, stderr);
  if (code === 2) assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
  const log = JSON.parse(stdout) as { runs: { results: unknown[] }[] };
  assert.ok(Array.isArray(log.runs[0]!.results));
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  const r = await lint([{ path: '-', stdin: new TextEncoder().encode(text) }], { rules: RULES, cwd: scratch });
  const graph = r.graphs[0];
  for (const f of r.findings) assert.ok(graph?.node(f.address), `finding on ${f.address}, which is not in the graph`);
}

export async function checkHclRun(text: string, n: number): Promise<void> {
  const dir = path.join(scratch, `hcl${n}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'main.tf'), text);
  // Every other case has the same text as an override file too: its blocks are merged into main.tf's.
  if (n % 2 === 1) writeFileSync(path.join(dir, 'override.tf'), text);
  let stderr = '';
  const code = await run([dir, '-f', 'json'], { stdout: () => {}, stderr: (t) => (stderr += t), readStdin: () => new Uint8Array(), env: {}, isTTY: false, cwd: scratch });
  assert.ok(code === 0 || code === 1 || code === 2, `exit ${code}`);
  assert.doesNotMatch(stderr, /\n\s+at |internal error/, stderr);
  for (const line of stderr.trimEnd().split('\n').filter(Boolean)) assert.match(line, /^synapse-lint: (note: )?\S/);
}

