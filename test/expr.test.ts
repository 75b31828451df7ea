/** HCL expressions from hcl2json: parsing, references (graph edges) and evaluation with Terraform's semantics. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatSteps, type Step } from '../src/graph/traversal.js';
import {
  evaluate,
  evaluateJson,
  ExprSyntaxError,
  known,
  LIMITS,
  parseExpression,
  parseTemplate,
  parseTemplateFully,
  references,
  UNKNOWN,
  type Expr,
  type Json,
  type Scope,
  type Value,
} from '../src/load/hcl/expr.js';

// ---------------------------------------------------------------------------------------------
// A test scope: values by path, with some paths (and everything under them) unknown.

const VALUES: Json = {
  var: {
    env: 'prod',
    region: 'westeurope',
    ips: ['10.0.0.1', '10.0.0.2'],
    enabled: true,
    count: 3,
    stores: { a: { id: 'ida' }, b: { id: 'idb' } },
    objs: [{ id: 'o1', n: 1 }, { id: 'o2', n: 2 }],
    tags: { team: 'data', env: 'prod' },
    empty: '',
    nothing: null,
    settings: { sku: 'DW100c' },
    k: 'dyn',
    json: '{"b":[1,2],"a":{"c":true}}',
  },
  local: { prefix: 'syn', names: ['x', 'y'] },
  each: { key: 'a', value: { name: 'alpha' } },
  count: { index: 1 },
  module: { m: { out: 'mod-out' } },
  path: { module: '.' },
  terraform: { workspace: 'default' },
  azurerm_x: { y: { id: 'xid', name: 'xname' } },
  data: { azurerm_client_config: { current: { tenant_id: 'tid' } } },
};
const UNKNOWNS = ['var.secret', 'var.unknown_list', 'azurerm_synapse_workspace.ws', 'azurerm_storage_account.sa.id', 'module.u'];

interface TestScope extends Scope {
  readonly calls: string[];
}

function scopeOf(values: Json = VALUES, unknowns: readonly string[] = UNKNOWNS): TestScope {
  const calls: string[] = [];
  return {
    calls,
    resolve(steps: readonly Step[]): Value {
      const text = formatSteps(steps);
      calls.push(text);
      const under = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
      if (unknowns.some((u) => under(text, u) || under(u, text))) return UNKNOWN;
      let cur: Json | undefined = values;
      for (const s of steps) {
        const k = s.kind === 'attr' ? s.name : s.key;
        if (Array.isArray(cur) && (typeof k === 'number' || /^[0-9]+$/.test(k))) cur = cur[Number(k)];
        else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, k)) cur = cur[String(k)];
        else return UNKNOWN;
        if (cur === undefined) return UNKNOWN;
      }
      return known(cur);
    },
  };
}

const S = scopeOf();

function ev(text: string, scope: Scope = S): Value {
  return evaluate(parseExpression(text), scope);
}

function tv(text: string, scope: Scope = S): Value {
  return evaluate(parseTemplate(text), scope);
}

function syntaxError(f: () => unknown): ExprSyntaxError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ExprSyntaxError, `expected ExprSyntaxError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a syntax error');
}

function refs(text: string, template = false): string[] {
  return references(template ? parseTemplate(text) : parseExpression(text)).map((r) => r.text);
}

function steps(text: string): Step[] {
  const e = parseExpression(text);
  assert.equal(e.type, 'traversal');
  return e.type === 'traversal' ? [...e.steps] : [];
}

// ---------------------------------------------------------------------------------------------

describe('parseExpression: literals and traversals', () => {
  it('parses numbers, strings with escapes, booleans and null as literals', () => {
    assert.deepEqual(parseExpression('1.5'), { type: 'literal', value: 1.5 });
    assert.deepEqual(parseExpression('1e3'), { type: 'literal', value: 1000 });
    assert.deepEqual(parseExpression('-2'), { type: 'literal', value: -2 });
    assert.deepEqual(parseExpression('"a\\nb\\t\\"q\\" \\\\ \\u00e9 \\U0001F600"'), { type: 'literal', value: 'a\nb\t"q" \\ é 😀' });
    assert.deepEqual(parseExpression('true'), { type: 'literal', value: true });
    assert.deepEqual(parseExpression('false'), { type: 'literal', value: false });
    assert.deepEqual(parseExpression('null'), { type: 'literal', value: null });
    assert.deepEqual(parseExpression('""'), { type: 'literal', value: '' });
  });

  it('parses a constant traversal into one node with attribute and index steps', () => {
    assert.deepEqual(steps('azurerm_x.y["k"].identity[0].principal_id'), [
      { kind: 'attr', name: 'azurerm_x' },
      { kind: 'attr', name: 'y' },
      { kind: 'index', key: 'k' },
      { kind: 'attr', name: 'identity' },
      { kind: 'index', key: 0 },
      { kind: 'attr', name: 'principal_id' },
    ]);
    // The legacy `.0` index form and names with dashes.
    assert.deepEqual(steps('a.b-c.0.d'), [{ kind: 'attr', name: 'a' }, { kind: 'attr', name: 'b-c' }, { kind: 'index', key: 0 }, { kind: 'attr', name: 'd' }]);
  });

  it('keeps a non-constant index as an index node over the constant prefix', () => {
    const e = parseExpression('var.stores[each.key].id');
    assert.equal(e.type, 'attr');
    if (e.type !== 'attr') return;
    assert.equal(e.name, 'id');
    assert.equal(e.target.type, 'index');
    if (e.target.type !== 'index') return;
    assert.deepEqual(e.target.target, { type: 'traversal', steps: [{ kind: 'attr', name: 'var' }, { kind: 'attr', name: 'stores' }] });
    assert.deepEqual(e.target.key, { type: 'traversal', steps: [{ kind: 'attr', name: 'each' }, { kind: 'attr', name: 'key' }] });
  });

  it('parses full and attribute-only splats', () => {
    const full = parseExpression('a.b[*].c[0]');
    assert.equal(full.type, 'splat');
    if (full.type === 'splat') {
      assert.deepEqual(full.source, { type: 'traversal', steps: [{ kind: 'attr', name: 'a' }, { kind: 'attr', name: 'b' }] });
      // A full splat carries the index inside each element.
      assert.equal(full.each.type, 'index');
    }
    const legacy = parseExpression('a.*.b[0]');
    // An attribute-only splat stops before the index, which applies to the result.
    assert.equal(legacy.type, 'index');
    if (legacy.type === 'index') assert.equal(legacy.target.type, 'splat');
    const nested = parseExpression('a[*].b[*].c');
    assert.equal(nested.type, 'splat');
    if (nested.type === 'splat') assert.equal(nested.each.type, 'splat');
  });
});

describe('parseExpression: operators, collections, for, calls', () => {
  it('applies HCL operator precedence and associativity', () => {
    const e = parseExpression('1 + 2 * 3 == 7 && !false || x');
    assert.equal(e.type, 'binary');
    if (e.type === 'binary') {
      assert.equal(e.op, '||');
      assert.equal(e.left.type === 'binary' && e.left.op, '&&');
    }
    const sub = parseExpression('10 - 4 - 3');
    assert.ok(sub.type === 'binary' && sub.left.type === 'binary', 'left associative');
    const cond = parseExpression('a ? b : c ? d : e');
    assert.ok(cond.type === 'conditional' && cond.else.type === 'conditional', 'right associative');
    const neg = parseExpression('-a.b * 2');
    assert.ok(neg.type === 'binary' && neg.left.type === 'unary' && neg.left.operand.type === 'traversal');
  });

  it('parses tuples and objects with every key form, commas, newlines and comments', () => {
    assert.deepEqual(parseExpression('[1, "a", [true],]'), {
      type: 'tuple',
      items: [{ type: 'literal', value: 1 }, { type: 'literal', value: 'a' }, { type: 'tuple', items: [{ type: 'literal', value: true }] }],
    });
    const o = parseExpression('{\n  a = 1 # comment\n  "b-c" : 2, // another\n  (var.k) = 3\n  /* block\n */ null = 4,\n  var.x = 5\n  for = 6\n}');
    assert.equal(o.type, 'object');
    if (o.type !== 'object') return;
    assert.deepEqual(
      o.items.map((i) => i.key),
      [
        { type: 'literal', value: 'a' },
        { type: 'literal', value: 'b-c' },
        { type: 'traversal', steps: [{ kind: 'attr', name: 'var' }, { kind: 'attr', name: 'k' }] },
        { type: 'literal', value: 'null' },
        { type: 'traversal', steps: [{ kind: 'attr', name: 'var' }, { kind: 'attr', name: 'x' }] },
        { type: 'literal', value: 'for' },
      ],
    );
    // A newline ends an object item, so a call or index cannot continue onto the next line.
    const nl = parseExpression('{\n a = x\n (b) = 2\n}');
    assert.ok(nl.type === 'object' && nl.items.length === 2);
  });

  it('parses for-expressions: list, index, object, grouping and if', () => {
    const l = parseExpression('[for i, s in var.list : upper(s) if i > 0]');
    assert.ok(l.type === 'for');
    if (l.type === 'for') {
      assert.equal(l.keyVar, 'i');
      assert.equal(l.valueVar, 's');
      assert.equal(l.key, undefined);
      assert.equal(l.cond?.type, 'binary');
    }
    const o = parseExpression('{for k, v in var.m : v => k...}');
    assert.ok(o.type === 'for' && o.key !== undefined && o.group);
    const plain = parseExpression('{ for s in var.l : s => 1 }');
    assert.ok(plain.type === 'for' && !plain.group && plain.keyVar === undefined);
  });

  it('parses function calls, provider functions and argument expansion', () => {
    assert.deepEqual(parseExpression('f(1, g(x),)'), {
      type: 'call',
      name: 'f',
      expand: false,
      args: [
        { type: 'literal', value: 1 },
        { type: 'call', name: 'g', expand: false, args: [{ type: 'traversal', steps: [{ kind: 'attr', name: 'x' }] }] },
      ],
    });
    const ex = parseExpression('concat(a, b...)');
    assert.ok(ex.type === 'call' && ex.expand && ex.args.length === 2);
    const p = parseExpression('provider::azurerm::normalise_resource_id(var.id)');
    assert.ok(p.type === 'call' && p.name === 'provider::azurerm::normalise_resource_id');
  });

  it('parses heredocs inside expressions, flush heredocs dedented', () => {
    assert.deepEqual(evaluate(parseExpression('<<EOT\n  a ${var.env}\n  b\nEOT'), S), known('  a prod\n  b\n'));
    assert.deepEqual(evaluate(parseExpression('<<-EOT\n    a ${var.env}\n      b\n    EOT'), S), known('a prod\n  b\n'));
    assert.deepEqual(evaluate(parseExpression('jsonencode(<<EOT\n{"x": 1}\nEOT\n)'), S), known('"{\\"x\\": 1}\\n"'));
  });

  it('reports syntax errors with their offset', () => {
    assert.equal(syntaxError(() => parseExpression('1 +')).offset, 3);
    assert.equal(syntaxError(() => parseExpression('"abc')).offset, 4);
    assert.equal(syntaxError(() => parseExpression('f(1')).offset, 3);
    assert.equal(syntaxError(() => parseExpression('a ? b')).offset, 5);
    assert.equal(syntaxError(() => parseExpression('1 2')).offset, 2);
    assert.equal(syntaxError(() => parseExpression('{ a = 1 b = 2 }')).offset, 8);
    assert.equal(syntaxError(() => parseExpression('"\\q"')).offset, 1);
    assert.equal(syntaxError(() => parseExpression('a @ b')).offset, 2);
    assert.equal(syntaxError(() => parseExpression('[for x in y]')).offset, 11);
    syntaxError(() => parseExpression(''));
    syntaxError(() => parseExpression('/* open'));
    syntaxError(() => parseExpression('<<EOT\nno end'));
    syntaxError(() => parseExpression('{for k, v in m : k}'));
  });

  it('bounds nesting: deep input is a syntax error, never a stack overflow', () => {
    syntaxError(() => parseExpression(`${'('.repeat(300)}1${')'.repeat(300)}`));
    syntaxError(() => parseExpression(`${'['.repeat(100_000)}`));
    syntaxError(() => parseExpression(`${'!'.repeat(100_000)}true`));
    syntaxError(() => parseExpression(`1${' + 1'.repeat(10_000)}`));
    syntaxError(() => parseExpression(`f(x)${'.a'.repeat(10_000)}`));
    syntaxError(() => parseExpression(`a${'[*]'.repeat(10_000)}`));
    syntaxError(() => parseExpression(`${'"${'.repeat(5_000)}1${'}"'.repeat(5_000)}`));
    syntaxError(() => parseExpression(`${'{a = '.repeat(5_000)}1${'}'.repeat(5_000)}`));
    syntaxError(() => parseTemplate('%{if true}'.repeat(5_000)));
    syntaxError(() => parseTemplate('x'.repeat(LIMITS.text + 1)));
    // A long constant traversal is one flat node, not a deep one.
    assert.equal(parseExpression(`a${'.b'.repeat(100_000)}`).type, 'traversal');
    // Moderate real-world nesting is fine.
    assert.equal(parseExpression(`${'['.repeat(100)}1${']'.repeat(100)}`).type, 'tuple');
  });
});

describe('parseTemplate', () => {
  it('returns a literal for plain text and a template otherwise', () => {
    assert.deepEqual(parseTemplate('plain text'), { type: 'literal', value: 'plain text' });
    assert.deepEqual(parseTemplate(''), { type: 'literal', value: '' });
    assert.deepEqual(parseTemplate('${var.a}'), {
      type: 'template',
      parts: [{ type: 'interpolation', expr: { type: 'traversal', steps: [{ kind: 'attr', name: 'var' }, { kind: 'attr', name: 'a' }] } }],
    });
    const t = parseTemplate('st${var.env}data');
    assert.ok(t.type === 'template' && t.parts.length === 3);
  });

  it('treats $${ and %%{ as escapes and lone $ and % as text', () => {
    assert.deepEqual(parseTemplate('$${a} %%{b}'), { type: 'literal', value: '${a} %{b}' });
    assert.deepEqual(parseTemplate('100% $5 $$ %%'), { type: 'literal', value: '100% $5 $$ %%' });
    // As HCL's scanner reads it: a lone `$`, then the escape `$${`.
    assert.deepEqual(tv('$$${var.env}'), known('$${var.env}'));
    // hcl2json has already decoded backslashes: `a\${b}` is a backslash then an interpolation.
    assert.deepEqual(tv('a\\${var.env}'), known('a\\prod'));
    // Inside an expression, a quoted string has its own escapes.
    assert.deepEqual(tv('${"$${x}\\n"}'), known('${x}\n'));
  });

  it('parses if/else/endif and for/endfor directives', () => {
    const t = parseTemplate('%{if var.a}x%{else}y%{endif}');
    assert.ok(t.type === 'template' && t.parts[0]?.type === 'if');
    if (t.type === 'template' && t.parts[0]?.type === 'if') {
      assert.deepEqual(t.parts[0].then, [{ type: 'text', text: 'x' }]);
      assert.deepEqual(t.parts[0].else, [{ type: 'text', text: 'y' }]);
    }
    const f = parseTemplate('%{for k, v in var.m}${k}=${v};%{endfor}');
    assert.ok(f.type === 'template' && f.parts[0]?.type === 'for' && f.parts[0].keyVar === 'k' && f.parts[0].valueVar === 'v');
  });

  it('applies ~ strip markers to the adjacent text', () => {
    assert.deepEqual(tv('a  ${~ "b" ~}  c'), known('abc'));
    assert.deepEqual(tv('a  ${ "b" ~}  c'), known('a  bc'));
    assert.deepEqual(tv('%{ for x in var.ips ~}\n  - ${x}\n%{ endfor ~}\n'), known('- 10.0.0.1\n- 10.0.0.2\n'));
    assert.deepEqual(tv('<\n  %{~ if true ~}\n  yes\n  %{~ endif ~}\n>'), known('<yes>'));
  });

  it('reads the forms hcl2json produces', () => {
    assert.deepEqual(tv('${var.enabled ? "b" : "c"}'), known('b'));
    assert.deepEqual(tv('${[for ip in var.ips : ip]}'), known(['10.0.0.1', '10.0.0.2']));
    assert.deepEqual(tv('${azurerm_x.y.id}'), known('xid'));
    assert.deepEqual(tv('hello ${var.env}\n  world %{if var.enabled}yes%{endif}\n'), known('hello prod\n  world yes\n'));
    assert.deepEqual(tv('${{for k, v in var.tags : k => v...}}'), known({ env: ['prod'], team: ['data'] }));
    assert.deepEqual(tv('${replace(var.env, "\\n", "\\\\")}'), known('prod'));
  });

  it('reports unbalanced directives and bad sequences', () => {
    assert.equal(syntaxError(() => parseTemplate('ab%{if x}y')).offset, 2);
    assert.equal(syntaxError(() => parseTemplate('ab%{endif}')).offset, 2);
    syntaxError(() => parseTemplate('%{else}'));
    syntaxError(() => parseTemplate('%{for x in y}'));
    syntaxError(() => parseTemplate('%{if a}%{endfor}'));
    syntaxError(() => parseTemplate('${}'));
    syntaxError(() => parseTemplate('${var.a'));
    syntaxError(() => parseTemplate('%{ unknown }'));
    syntaxError(() => parseTemplate('${1 +}'));
  });

  it('gives the parser\'s tree for the plain forms it builds without the parser (fast-check)', () => {
    const same = (text: string): void => {
      let fast: Expr | Error;
      let full: Expr | Error;
      try {
        fast = parseTemplate(text);
      } catch (e) {
        fast = e as Error;
      }
      try {
        full = parseTemplateFully(text);
      } catch (e) {
        full = e as Error;
      }
      if (full instanceof Error) assert.ok(fast instanceof Error && fast.message === full.message, `${JSON.stringify(text)}: ${String(fast)}`);
      else assert.deepEqual(fast, full, JSON.stringify(text));
    };
    const name = fc.oneof(fc.constantFrom('true', 'false', 'null', 'for', 'if', 'count', 'each', 'var', 'a-b', '_x', 'x0', '0x', 'é'), fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'Z', '_', '-', '0', '.') }));
    const traversal = fc.array(name, { minLength: 1, maxLength: 4 }).map((ns) => ns.join('.'));
    const wrapped = fc.tuple(fc.constantFrom('', ' ', 'x'), traversal, fc.constantFrom('', ' ', '~', '[0]', '.*', 'x')).map(([a, t, b]) => `\${${a}${t}${b}}`);
    const anyText = fc.string({ maxLength: 24, unit: fc.constantFrom('a', ' ', '$', '{', '}', '%', '~', '\\', '\r', '\n', '.', '-', '"', 'é', '😀') });
    // Text around interpolations, several of them, and indexes after any step.
    const indexed = fc.tuple(name, fc.array(fc.oneof(name.map((n) => `.${n}`), fc.constantFrom('[0]', '[7]', '[10]', '[01]', '[-1]', '[1234567890]', '["k"]', '[*]')), { maxLength: 4 })).map(([n, rest]) => `\${${n}${rest.join('')}}`);
    const mixed = fc.array(fc.oneof(wrapped, indexed, anyText, fc.constantFrom('st', '-', '$', '$${a}', '%{if a}x%{endif}', '${', '}')), { minLength: 1, maxLength: 5 }).map((ps) => ps.join(''));
    fc.assert(fc.property(fc.oneof(wrapped, anyText, traversal, indexed, mixed), same), { numRuns: 6000, seed: 1128 });
    for (const t of ['${true}', '${null.a}', '${a.b.c}', '${a-b}', 'plain', '', '${a}${b}', '${ a }', 'a\r\nb', 'st${var.env}01', '${a.b[0].c}', 'a${b}$c', '${a}$${b}', '${a[1].b[22]}x']) same(t);
  });
});

describe('references', () => {
  it('gives real-world traversals, stopping before non-constant indexes and splats', () => {
    assert.deepEqual(refs('azurerm_synapse_workspace.ws.identity[0].principal_id'), ['azurerm_synapse_workspace.ws.identity[0].principal_id']);
    assert.deepEqual(refs('module.m.out'), ['module.m.out']);
    assert.deepEqual(refs('var.stores[each.key].id'), ['var.stores', 'each.key']);
    assert.deepEqual(refs('[for s in azurerm_storage_account.zone : s.id]'), ['azurerm_storage_account.zone']);
    assert.deepEqual(refs('data.azurerm_client_config.current.tenant_id'), ['data.azurerm_client_config.current.tenant_id']);
    assert.deepEqual(refs('local.x'), ['local.x']);
    assert.deepEqual(refs('azurerm_x.y[*].id'), ['azurerm_x.y']);
    assert.deepEqual(refs('azurerm_x.y.*.id'), ['azurerm_x.y']);
    assert.deepEqual(refs('local.m["key"].z[0]'), ['local.m["key"].z[0]']);
    assert.deepEqual(refs('azurerm_x.y[count.index].id'), ['azurerm_x.y', 'count.index']);
  });

  it('reads heredoc templates with interpolations and directives', () => {
    const heredoc = '{\n  "workspace": "${azurerm_synapse_workspace.ws.name}",\n  %{ for id in var.ids ~}\n  "${id}": "${local.prefix}"\n  %{ endfor ~}\n  %{ if var.debug }"debug": true%{ endif }\n}\n';
    assert.deepEqual(refs(heredoc, true), ['azurerm_synapse_workspace.ws.name', 'var.ids', 'local.prefix', 'var.debug']);
  });

  it('lists in source order without duplicates, skipping iterators and function names', () => {
    assert.deepEqual(refs('merge(var.a, { x = var.b, (var.k) = var.a })'), ['var.a', 'var.b', 'var.k']);
    assert.deepEqual(refs('{ for k, v in var.m : "${k}-${each.value}" => v.id if v != local.skip }'), ['var.m', 'each.value', 'local.skip']);
    // Iterators only shadow inside their own for-expression.
    assert.deepEqual(refs('concat([for x in var.l : x], [x])'), ['var.l', 'x']);
    assert.deepEqual(refs('jsonencode(lookup(var.m, "k", null))'), ['var.m']);
    assert.deepEqual(refs('"${self.id} ${path.module} ${terraform.workspace} ${count.index}"'), ['self.id', 'path.module', 'terraform.workspace', 'count.index']);
    assert.deepEqual(refs('var.cond ? module.a.x : try(module.b.y, null)'), ['var.cond', 'module.a.x', 'module.b.y']);
    assert.deepEqual(refs('f(x)[var.i].name'), ['x', 'var.i']);
    assert.deepEqual(refs('1 + 2'), []);
  });

  it('gives steps that format back to the text', () => {
    for (const r of references(parseExpression('a.b["c"][0].d + e'))) assert.equal(formatSteps(r.steps), r.text);
  });

  it('reads only the branch a decided condition takes, and both when it is not decided', () => {
    const byCond = (values: Record<string, boolean>) => (cond: Expr): boolean | undefined => {
      const text = cond.type === 'traversal' ? formatSteps(cond.steps) : '';
      return text in values ? values[text] : undefined;
    };
    const read = (text: string, values: Record<string, boolean>, template = false): string[] =>
      references(template ? parseTemplate(text) : parseExpression(text), byCond(values)).map((r) => r.text);
    const cond = 'var.existing ? data.azurerm_storage_account.x[0].id : azurerm_storage_account.y[0].id';
    assert.deepEqual(read(cond, { 'var.existing': true }), ['var.existing', 'data.azurerm_storage_account.x[0].id']);
    assert.deepEqual(read(cond, { 'var.existing': false }), ['var.existing', 'azurerm_storage_account.y[0].id']);
    assert.deepEqual(read(cond, {}), ['var.existing', 'data.azurerm_storage_account.x[0].id', 'azurerm_storage_account.y[0].id']);
    // Nested: each condition decided on its own.
    assert.deepEqual(read('var.a ? (var.b ? x.p : x.q) : x.r', { 'var.a': true, 'var.b': false }), ['var.a', 'var.b', 'x.q']);
    assert.deepEqual(read('var.a ? (var.b ? x.p : x.q) : x.r', { 'var.b': false }), ['var.a', 'var.b', 'x.q', 'x.r']);
    // Template directives too.
    assert.deepEqual(read('a %{ if var.logs }${azurerm_log_analytics_workspace.l.id}%{ else }${local.none}%{ endif }', { 'var.logs': false }, true), ['var.logs', 'local.none']);
    // A condition inside a for expression may read its iterator: never decided there.
    const asked: string[] = [];
    const inFor = references(parseExpression('[for s in var.l : var.a ? s.x : x.y]'), (c) => {
      asked.push(c.type);
      return true;
    });
    assert.deepEqual(inFor.map((r) => r.text), ['var.l', 'var.a', 'x.y']);
    assert.deepEqual(asked, []);
  });
});

describe('evaluate: operators, conditionals and traversals', () => {
  it('computes arithmetic, comparison, equality and logic', () => {
    assert.deepEqual(ev('1 + 2 * 3'), known(7));
    assert.deepEqual(ev('(1 + 2) * 3'), known(9));
    assert.deepEqual(ev('10 - 4 - 3'), known(3));
    assert.deepEqual(ev('7 / 2'), known(3.5));
    assert.deepEqual(ev('7 % 3'), known(1));
    assert.deepEqual(ev('-var.count'), known(-3));
    assert.deepEqual(ev('"2" * 3'), known(6));
    assert.deepEqual(ev('2 < 3 && 3 >= 3 && !(1 > 2) && 1 <= 1'), known(true));
    assert.deepEqual(ev('1 == "1"'), known(false));
    assert.deepEqual(ev('[1, {a = "x"}] == [1, {a = "x"}]'), known(true));
    assert.deepEqual(ev('{a = 1} != {a = 1, b = 2}'), known(true));
    assert.deepEqual(ev('var.nothing == null'), known(true));
    assert.deepEqual(ev('true || false'), known(true));
  });

  it('gives UNKNOWN for errors: division by zero, type errors, missing keys', () => {
    assert.deepEqual(ev('1 / 0'), UNKNOWN);
    assert.deepEqual(ev('1 % 0'), UNKNOWN);
    assert.deepEqual(ev('"a" + 1'), UNKNOWN);
    assert.deepEqual(ev('!"x"'), UNKNOWN);
    assert.deepEqual(ev('var.tags.missing'), UNKNOWN);
    assert.deepEqual(ev('var.ips[5]'), UNKNOWN);
    assert.deepEqual(ev('var.ips[var.env]'), UNKNOWN);
    assert.deepEqual(ev('var.nothing.x'), UNKNOWN);
    assert.deepEqual(ev('undeclared.thing'), UNKNOWN);
    assert.deepEqual(ev('1e308 * 10'), UNKNOWN);
  });

  it('picks a branch on a known condition and needs both branches only when it is unknown', () => {
    assert.deepEqual(ev('var.enabled ? "on" : "off"'), known('on'));
    assert.deepEqual(ev('!var.enabled ? "on" : "off"'), known('off'));
    assert.deepEqual(ev('"true" ? 1 : 2'), known(1));
    assert.deepEqual(ev('var.secret ? "a" : "b"'), UNKNOWN);
    assert.deepEqual(ev('var.secret ? "same" : "same"'), known('same'));
    assert.deepEqual(ev('var.secret ? [1, {a = 2}] : [1, {a = 2}]'), known([1, { a: 2 }]));
    assert.deepEqual(ev('var.secret ? 1 : 1 / 0'), UNKNOWN);
    // The branch not taken may be unknown or an error.
    assert.deepEqual(ev('var.enabled ? "x" : var.secret'), known('x'));
    assert.deepEqual(ev('var.enabled ? "x" : 1 / 0'), known('x'));
    assert.deepEqual(ev('var.nothing ? 1 : 2'), UNKNOWN);
  });

  it('short-circuits && and || so a known deciding operand wins over an unknown one', () => {
    assert.deepEqual(ev('false && var.secret'), known(false));
    assert.deepEqual(ev('var.secret && false'), known(false));
    assert.deepEqual(ev('true || var.secret'), known(true));
    assert.deepEqual(ev('var.secret || true'), known(true));
    assert.deepEqual(ev('true && var.secret'), UNKNOWN);
    assert.deepEqual(ev('var.nothing != null && var.nothing.x == 1'), known(false));
  });

  it('asks the scope for the longest constant prefix and walks the rest itself', () => {
    const s = scopeOf();
    assert.deepEqual(evaluate(parseExpression('var.stores[each.key].id'), s), known('ida'));
    assert.deepEqual(s.calls, ['var.stores', 'each.key']);
    const s2 = scopeOf();
    assert.deepEqual(evaluate(parseExpression('var.objs[1].id'), s2), known('o2'));
    assert.deepEqual(s2.calls, ['var.objs[1].id']);
    assert.deepEqual(ev('var.ips["1"]'), known('10.0.0.2'));
    assert.deepEqual(ev('var.tags[var.k == "dyn" ? "team" : "env"]'), known('data'));
    assert.deepEqual(ev('{a = {b = [10, 20]}}.a.b[1]'), known(20));
    assert.deepEqual(ev('data.azurerm_client_config.current.tenant_id'), known('tid'));
    assert.deepEqual(ev('count.index + 1'), known(2));
  });

  it('evaluates splats over lists, single values and null', () => {
    assert.deepEqual(ev('var.objs[*].id'), known(['o1', 'o2']));
    assert.deepEqual(ev('var.objs.*.n'), known([1, 2]));
    assert.deepEqual(ev('var.objs.*.id[1]'), known('o2'));
    assert.deepEqual(ev('var.settings[*].sku'), known(['DW100c']));
    assert.deepEqual(ev('var.nothing[*]'), known([]));
    assert.deepEqual(ev('[[1, 2], [3]][*][0]'), known([1, 3]));
    assert.deepEqual(ev('var.unknown_list[*].id'), UNKNOWN);
  });

  it('builds tuples and objects with identifier, string and expression keys', () => {
    assert.deepEqual(ev('[1, "a", null, [true]]'), known([1, 'a', null, [true]]));
    assert.deepEqual(ev('{ b = 1, "a-b" = 2, (var.k) = 3, "${var.env}x" = 4, 5 = 5 }'), known({ b: 1, 'a-b': 2, dyn: 3, prodx: 4, '5': 5 }));
    assert.deepEqual(ev('{ a = 1, a = 2 }'), known({ a: 2 }));
    assert.deepEqual(ev('{ (var.nothing) = 1 }'), UNKNOWN);
    assert.deepEqual(ev('{ (var.secret) = 1 }'), UNKNOWN);
    assert.deepEqual(ev('{ a = var.secret }'), UNKNOWN);
  });
});

describe('evaluate: templates', () => {
  it('converts parts to strings the way Terraform does', () => {
    assert.deepEqual(tv('st${var.env}data'), known('stproddata'));
    assert.deepEqual(tv('n=${1.5} ${1e21} ${0.000001} ${-0} ${var.enabled} ${3}'), known('n=1.5 1000000000000000000000 0.000001 0 true 3'));
    assert.deepEqual(tv('x${var.nothing}'), UNKNOWN);
    assert.deepEqual(tv('x${var.ips}'), UNKNOWN);
    assert.deepEqual(tv('x${var.secret}'), UNKNOWN);
  });

  it('returns the value of a lone interpolation unconverted', () => {
    assert.deepEqual(tv('${var.ips}'), known(['10.0.0.1', '10.0.0.2']));
    assert.deepEqual(tv('${var.count}'), known(3));
    assert.deepEqual(tv('${var.nothing}'), known(null));
    assert.deepEqual(tv('${var.tags}'), known({ env: 'prod', team: 'data' }));
    // Text that a strip marker empties still makes it a string, as in HCL.
    assert.deepEqual(tv('  ${~ var.count}'), known('3'));
  });

  it('evaluates if and for directives', () => {
    assert.deepEqual(tv('%{if var.enabled}on%{else}off%{endif}'), known('on'));
    assert.deepEqual(tv('%{if var.count > 5}big%{endif}'), known(''));
    assert.deepEqual(tv('%{for i, ip in var.ips}${i}:${ip},%{endfor}'), known('0:10.0.0.1,1:10.0.0.2,'));
    assert.deepEqual(tv('%{for k, v in var.tags}${k}=${v};%{endfor}'), known('env=prod;team=data;'));
    assert.deepEqual(tv('%{if var.secret}a%{endif}'), UNKNOWN);
    assert.deepEqual(tv('%{for x in var.unknown_list}${x}%{endfor}'), UNKNOWN);
  });
});

describe('evaluate: for-expressions', () => {
  it('iterates lists with index and maps in key order', () => {
    assert.deepEqual(ev('[for ip in var.ips : "${ip}/32"]'), known(['10.0.0.1/32', '10.0.0.2/32']));
    assert.deepEqual(ev('[for i, ip in var.ips : i]'), known([0, 1]));
    assert.deepEqual(ev('[for k, v in {b = 2, a = 1} : "${k}${v}"]'), known(['a1', 'b2']));
    assert.deepEqual(ev('{for s in var.ips : s => length(s)}'), known({ '10.0.0.1': 8, '10.0.0.2': 8 }));
    assert.deepEqual(ev('{for k, v in var.stores : v.id => k}'), known({ ida: 'a', idb: 'b' }));
  });

  it('filters with if and groups with ...', () => {
    assert.deepEqual(ev('[for n in [1, 2, 3, 4] : n * 10 if n % 2 == 0]'), known([20, 40]));
    assert.deepEqual(ev('{for o in [{k = "a", v = 1}, {k = "b", v = 2}, {k = "a", v = 3}] : o.k => o.v...}'), known({ a: [1, 3], b: [2] }));
    assert.deepEqual(ev('{for s in ["a", "a"] : s => 1}'), UNKNOWN);
  });

  it('is unknown when the collection, a key or a filter is unknown, and not otherwise', () => {
    assert.deepEqual(ev('[for x in var.unknown_list : x]'), UNKNOWN);
    assert.deepEqual(ev('[for x in [1, var.secret] : x]'), UNKNOWN);
    assert.deepEqual(ev('length([for x in [1, var.secret] : x])'), known(2));
    assert.deepEqual(ev('[for x in [1, 2] : x if x == var.secret]'), UNKNOWN);
    assert.deepEqual(ev('{for x in [1, 2] : var.secret => x}'), UNKNOWN);
    assert.deepEqual(ev('[for x in [1, var.secret] : 5]'), known([5, 5]));
    assert.deepEqual(ev('[for x in var.nothing : x]'), UNKNOWN);
  });
});

describe('evaluate: functions', () => {
  const cases: [string, Json][] = [
    ['jsonencode({ z = 1, b = [1, 2.5, null], a = { y = true, x = "q" } })', '{"a":{"x":"q","y":true},"b":[1,2.5,null],"z":1}'],
    ['jsonencode("<a&b>\\u2028")', '"\\u003ca\\u0026b\\u003e\\u2028"'],
    ['jsonencode(1e21)', '1000000000000000000000'],
    ['jsondecode(var.json).a.c', true],
    ['jsondecode("[1, \\"x\\", null]")', [1, 'x', null]],
    ['lower("ÀBC")', 'àbc'],
    ['upper("straße")', 'STRAßE'],
    ['title("hello wORLD-foo_bar")', 'Hello WORLD-Foo_bar'],
    ['format("%s-%d-%v-%q-%%-%t", "a", 42, 1.5, "q\\"", true)', 'a-42-1.5-"q\\""-%-true'],
    ['format("%5s|%-5s|%05d|%+d|%.2f|%x|%X|%o|%b|%e", "ab", "cd", 42, 3, 3.14159, 255, 255, 8, 5, 1234.5678)', '   ab|cd   |00042|+3|3.14|ff|FF|10|101|1.234568e+03'],
    ['format("%v %v %v", 1000000, 0.0001, [1, "a"])', '1e+06 0.0001 [1,"a"]'],
    ['format("%[2]s %[1]s", "a", "b")', 'b a'],
    ['format("%.3s", "abcdef")', 'abc'],
    ['formatlist("%s=%s", ["a", "b"], "x")', ['a=x', 'b=x']],
    ['formatlist("%s-%s", ["a", "b"], ["1", "2"])', ['a-1', 'b-2']],
    ['join(", ", ["a", "b"], ["c"])', 'a, b, c'],
    ['join("-", [1, true])', '1-true'],
    ['split(",", "a,b,,c")', ['a', 'b', '', 'c']],
    ['split("", "ab")', ['a', 'b']],
    ['concat([1], [], [2, [3]])', [1, 2, [3]]],
    ['merge({a = 1, b = 1}, null, {b = 2, c = 3})', { a: 1, b: 2, c: 3 }],
    ['merge()', {}],
    ['lookup(var.tags, "team")', 'data'],
    ['lookup(var.tags, "nope", "dflt")', 'dflt'],
    ['coalesce(null, "", "x", "y")', 'x'],
    // Terraform unifies the arguments to string first.
    ['coalesce("", 5)', '5'],
    ['coalesce(null, 5)', 5],
    ['coalesce(null, 5, "a")', '5'],
    ['coalescelist([], ["a"], ["b"])', ['a']],
    ['compact(["a", "", null, "b"])', ['a', 'b']],
    ['contains(["a", "b"], "b")', true],
    ['contains([1, 2], "1")', false],
    ['length("héllo👍🏽")', 6],
    ['length([1, 2])', 2],
    ['length({a = 1})', 1],
    ['keys({b = 1, a = 2, B = 3})', ['B', 'a', 'b']],
    ['values({b = 1, a = 2})', [2, 1]],
    ['tostring(1.50)', '1.5'],
    ['tostring(null)', null],
    ['tonumber("12.5")', 12.5],
    ['tobool("true")', true],
    ['tolist(["a"])', ['a']],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['toset([3, 1, 3])', [1, 3]],
    ['toset(["b", 1])', ['1', 'b']],
    ['tomap({a = 1})', { a: 1 }],
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['replace("ab", "", "-")', '-a-b-'],
    ['trimspace("  x \\n")', 'x'],
    ['trim("?!hello?!", "!?")', 'hello'],
    ['trimprefix("helloworld", "hello")', 'world'],
    ['trimsuffix("helloworld", "world")', 'hello'],
    ['startswith("hello", "he")', true],
    ['endswith("hello", "lo")', true],
    ['strcontains("hello", "ell")', true],
    ['substr("hello world", 1, 4)', 'ello'],
    ['substr("hello", -3, -1)', 'llo'],
    ['element(["a", "b", "c"], 4)', 'b'],
    ['index(["a", "b"], "b")', 1],
    ['flatten([[1, [2]], [], 3])', [1, 2, 3]],
    ['distinct([1, 2, 1, [1], [1]])', [1, 2, [1]]],
    ['one([])', null],
    ['one(["x"])', 'x'],
    ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
    ['min(3, 1, 2)', 1],
    ['max(3, 1, 2)', 3],
    ['max([4, 9]...)', 9],
    ['abs(-2)', 2],
    ['ceil(1.2)', 2],
    ['floor(1.8)', 1],
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(3, 0)', [3, 2, 1]],
    ['range(0, 1, 0.25)', [0, 0.25, 0.5, 0.75]],
    ['reverse([1, 2, 3])', [3, 2, 1]],
    ['slice(["a", "b", "c", "d"], 1, 3)', ['b', 'c']],
    ['sort(["b", "a", "C", "10", "9"])', ['10', '9', 'C', 'a', 'b']],
    ['chunklist([1, 2, 3, 4, 5], 2)', [[1, 2], [3, 4], [5]]],
    ['setunion(["b", "a"], ["c", "a"])', ['a', 'b', 'c']],
    ['setintersection(["a", "b", "c"], ["b", "c", "d"])', ['b', 'c']],
    ['setsubtract(["a", "b"], ["a"])', ['b']],
    ['setproduct(["a", "b"], [1, 2])', [['a', 1], ['a', 2], ['b', 1], ['b', 2]]],
    ['base64encode("héllo")', 'aMOpbGxv'],
    ['base64decode("aMOpbGxv")', 'héllo'],
    ['urlencode("a b&c=é/~")', 'a+b%26c%3D%C3%A9%2F~'],
    ['try(var.tags.missing, var.tags.team)', 'data'],
    ['try(1 / 0, "fallback")', 'fallback'],
    ['try(jsondecode("{bad"), {})', {}],
    ['can(var.tags.team)', true],
    ['can(var.tags.missing)', false],
    ['can(tonumber("x"))', false],
    ['chomp("x\\r\\n\\n")', 'x'],
    ['indent(2, "a\\nb")', 'a\n  b'],
    ['sum([1, 2, 3.5])', 6.5],
    ['alltrue([true, "true"])', true],
    ['anytrue([])', false],
    ['sensitive("s")', 's'],
  ];
  for (const [text, expected] of cases) {
    it(`${text} = ${JSON.stringify(expected)}`, () => assert.deepEqual(ev(text), known(expected)));
  }

  it('leaves impure, provider and unsupported functions UNKNOWN', () => {
    for (const text of [
      'file("x")',
      'templatefile("t.tftpl", {})',
      'timestamp()',
      'uuid()',
      'filebase64("x")',
      'fileexists("x")',
      'abspath(".")',
      'pathexpand("~")',
      'cidrsubnet("10.0.0.0/16", 8, 1)',
      'provider::azurerm::normalise_resource_id("x")',
      'regex("a+", "aaa")',
      'replace("aaa", "/a+/", "b")',
      'format("%#x", 1)',
      'upper(var.secret)',
      'constructor(1)',
      'toString()',
      'hasOwnProperty("x")',
    ]) {
      assert.deepEqual(ev(text), UNKNOWN, text);
    }
  });

  it('gives UNKNOWN for function errors', () => {
    for (const text of [
      'format("%s")',
      'format("%s", "a", "b")',
      'format("%d", 1.5)',
      'format("%s", null)',
      'lookup({a = 1}, "b")',
      'element([], 0)',
      'element([1], -1)',
      'index(["a"], "z")',
      'one([1, 2])',
      'zipmap(["a"], [])',
      'coalesce(null, "")',
      'jsondecode("{")',
      'base64decode("not base64!")',
      'base64decode("/w==")',
      'tonumber("1x")',
      'range(0, 1, 0)',
      'range(5, 0, 1)',
      'slice([1], 0, 2)',
      'upper()',
      'upper("a", "b")',
      'try(1 / 0)',
      'join(",", [null])',
      'toset([null])',
    ]) {
      assert.deepEqual(ev(text), UNKNOWN, text);
    }
  });
});

describe('evaluate: unknown propagation', () => {
  it('is unknown when the result depends on an unknown input', () => {
    for (const text of [
      'var.secret',
      '"x${var.secret}"',
      'upper(var.secret)',
      'jsonencode({a = var.secret})',
      'merge(var.tags, module.u.tags)',
      'lookup(var.tags, var.secret)',
      'lookup({a = var.secret}, "a")',
      'var.secret + 1',
      'var.secret == "a"',
      '[1, var.secret]',
      'contains([var.secret], "a")',
      'index([var.secret, "a"], "a")',
      'coalesce(var.secret, "x")',
      'try(var.secret, "x")',
      'can(var.secret)',
      'format("%s", var.secret)',
      'flatten([[1], var.unknown_list])',
      'azurerm_storage_account.sa.id',
      'azurerm_synapse_workspace.ws.identity[0].principal_id',
      'var.objs[*].id == var.unknown_list',
      'toset([var.secret])',
    ]) {
      assert.deepEqual(ev(text), UNKNOWN, text);
    }
  });

  it('stays known when the unknown input does not decide the result', () => {
    const cases: [string, Json][] = [
      ['var.enabled ? var.env : var.secret', 'prod'],
      ['length([var.secret, 1])', 2],
      ['[var.secret, 1][1]', 1],
      ['{a = var.secret, b = 2}.b', 2],
      ['keys({a = var.secret, b = 2})', ['a', 'b']],
      ['lookup(merge({a = var.secret}, {b = "x"}), "b")', 'x'],
      ['contains([var.secret, "a"], "a")', true],
      ['coalesce("x", var.secret)', 'x'],
      ['coalescelist(["x"], var.unknown_list)', ['x']],
      ['element([1, var.secret], 0)', 1],
      ['one([var.secret]) == null ? 1 : 1', 1],
      ['[1, 2] == [1, var.secret, 3]', false],
      ['try(1 / 0, var.env)', 'prod'],
      ['concat([var.secret], [2])[1]', 2],
      ['formatlist("%s", ["a", var.secret])[0]', 'a'],
    ];
    for (const [text, expected] of cases) assert.deepEqual(ev(text), known(expected), text);
  });

  it('does not treat a key missing from a known variable as unknown inside try, but keeps resources unknown', () => {
    assert.deepEqual(ev('try(var.settings.optional, "default")'), known('default'));
    assert.deepEqual(ev('try(each.value.missing, each.value.name)'), known('alpha'));
    // A resource's known configuration lacks computed attributes: never probed.
    const resources = scopeOf({ azurerm_x: { y: { name: 'n' } } }, ['azurerm_x.y.id']);
    assert.deepEqual(evaluate(parseExpression('try(azurerm_x.y.id, "fallback")'), resources), UNKNOWN);
  });
});

describe('evaluateJson', () => {
  it('evaluates an hcl2json body element by element, keys included', () => {
    const body = {
      name: 'st${var.env}data',
      sku: '${var.settings.sku}',
      count: 2,
      enabled: true,
      none: null,
      tags: { env: '${var.env}', '${(var.k)}': 4, 'k${var.region}': 'x' },
      list: ['${var.count}', 1, ['$${literal}']],
      policy: '{\n  "ips": ${jsonencode(var.ips)}\n}\n',
    };
    assert.deepEqual(
      evaluateJson(body, S),
      known({
        count: 2,
        enabled: true,
        list: [3, 1, ['${literal}']],
        name: 'stproddata',
        none: null,
        policy: '{\n  "ips": ["10.0.0.1","10.0.0.2"]\n}\n',
        sku: 'DW100c',
        tags: { dyn: 4, env: 'prod', kwesteurope: 'x' },
      }),
    );
  });

  it('is unknown when any part is unknown or unparsable', () => {
    assert.deepEqual(evaluateJson({ a: 1, b: ['${var.secret}'] }, S), UNKNOWN);
    assert.deepEqual(evaluateJson({ '${var.secret}': 1 }, S), UNKNOWN);
    assert.deepEqual(evaluateJson('${', S), UNKNOWN);
    assert.deepEqual(evaluateJson(undefined, S), UNKNOWN);
    assert.deepEqual(evaluateJson(() => 1, S), UNKNOWN);
    assert.deepEqual(evaluateJson('plain', S), known('plain'));
  });
});

describe('robustness', () => {
  it('keeps __proto__ and constructor keys as plain own data', () => {
    const o = ev('{ __proto__ = { polluted = true }, constructor = { prototype = { polluted = 1 } } }');
    assert.ok(o.known);
    if (o.known) {
      const v = o.value as Record<string, unknown>;
      assert.ok(Object.hasOwn(v, '__proto__'));
      assert.equal(Object.getPrototypeOf(v), Object.prototype);
      assert.deepEqual(Object.keys(v), ['__proto__', 'constructor']);
    }
    assert.deepEqual(ev('jsonencode(merge(jsondecode("{\\"__proto__\\": {\\"x\\": 1}}"), {constructor = 2}))'), known('{"__proto__":{"x":1},"constructor":2}'));
    assert.deepEqual(ev('lookup({}, "__proto__", "d")'), known('d'));
    assert.deepEqual(ev('lookup({}, "constructor", "d")'), known('d'));
    assert.deepEqual(ev('{}.constructor'), UNKNOWN);
    assert.deepEqual(ev('{for k in ["__proto__", "toString"] : k => 1}'), known(JSON.parse('{"__proto__": 1, "toString": 1}') as Json));
    const scope = scopeOf(JSON.parse('{"var": {"x": {"__proto__": {"polluted": 1}}}}') as Json, []);
    assert.deepEqual(evaluate(parseExpression('keys(var.x)'), scope), known(['__proto__']));
    assert.deepEqual(evaluateJson(JSON.parse('{"__proto__": "${var.env}"}'), S), known(JSON.parse('{"__proto__": "prod"}') as Json));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('bounds the work input can demand', () => {
    const started = Date.now();
    for (const text of [
      'range(1000000000)',
      'length([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]])',
      'length(join("", [for a in range(1000) : join("", [for b in range(1000) : "xxxxxxxxxx"])]))',
      'format("%999999999s", "x")',
      'length(setproduct(range(1000), range(1000), range(1000)))',
      'length(flatten([for a in range(1000) : range(1000)]))',
      'length(replace(join("", [for a in range(1000) : "aaaaaaaaaa"]), "a", join("", [for a in range(1000) : "bbbbbbbbbb"])))',
      `jsondecode("${'['.repeat(5000)}${']'.repeat(5000)}")`,
      'indent(2000000, "a\\nb")',
    ]) {
      assert.deepEqual(ev(text), UNKNOWN, text);
    }
    assert.ok(Date.now() - started < 20_000, 'bounded evaluation finishes promptly');
  });

  it('never throws on hostile scopes or hand-built trees', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const scopes: Scope[] = [
      { resolve: () => known(cyclic as unknown as Json) },
      {
        resolve: () => {
          throw new Error('boom');
        },
      },
      { resolve: () => ({ known: true, value: undefined }) as unknown as Value },
      { resolve: () => known(new Date() as unknown as Json) },
      { resolve: () => null as unknown as Value },
      { resolve: () => known(Number.NaN) },
    ];
    for (const scope of scopes) {
      for (const text of ['var.x', 'jsonencode(var.x)', 'var.x.self.self', '[for k, v in var.x : k]', '"${var.x}"']) {
        assert.deepEqual(evaluate(parseExpression(text), scope), UNKNOWN, text);
      }
    }
    assert.deepEqual(evaluate({ type: 'bogus' } as unknown as Expr, S), UNKNOWN);
    assert.deepEqual(evaluate({ type: 'traversal', steps: [] }, S), UNKNOWN);
    assert.deepEqual(evaluate({ type: 'item' }, S), UNKNOWN);
  });

  it('never executes input: no eval, Function, files or network', async () => {
    // The compiled module sits at the same place relative to this test in every build layout.
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../src/load/hcl/expr.js', import.meta.url), 'utf8');
    assert.doesNotMatch(src, /\beval\(|\bFunction\(|from ['"]node:(fs|net|http|https|child_process)['"]|\brequire\(|\bimport\(/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const TOKENS = [
  '${', '}', '%{', '~', 'if ', 'else', 'endif', 'for ', ' in ', 'endfor', '$${', '%%{', 'var.x', 'var.secret', 'local.l', '[', ']', '(', ')', '{', '"',
  '\\', '\\n', ':', '?', '=>', '...', '*', '.', ',', '=', '1', '0', '-1', '1e999', '"a"', 'upper(', 'jsonencode(', 'try(', 'range(', '<<EOT\n', '<<-EOT\n',
  '\nEOT\n', '#', '//', '/*', '*/', '\n', ' ', '!', '&&', '||', '==', '+', '/', '%', 'null', 'true', '[*]', '.*', 'provider::a::b(', '__proto__', 'x',
];

function neverThrows(s: string): void {
  for (const parse of [parseTemplate, parseExpression]) {
    let e: Expr;
    try {
      e = parse(s);
    } catch (x) {
      assert.ok(x instanceof ExprSyntaxError, `${JSON.stringify(s)}: ${String(x)}`);
      continue;
    }
    const v = evaluate(e, S);
    assert.equal(typeof v.known, 'boolean');
    references(e);
  }
  const j = evaluateJson({ [s]: [s] }, S);
  assert.equal(typeof j.known, 'boolean');
}

/** Terraform's jsonencode of a flat object whose keys are already in order: Go's HTML-safe escapes. */
function tfJson(v: Json): string {
  return JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

interface G<T> {
  readonly text: string;
  readonly value: T;
}

/** Well-typed expressions with their value worked out directly, to compare with the evaluator. */
const { num: numArb, str: strArb, bool: boolArb } = fc.letrec<{ num: G<number>; str: G<string>; bool: G<boolean> }>((tie) => {
  const opts = { depthSize: 'small' as const, maxDepth: 4, depthIdentifier: 'expr' };
  return {
    num: fc.oneof(
      opts,
      fc.integer({ min: -50, max: 50 }).map((n) => ({ text: String(n), value: n })),
      fc.constant({ text: 'var.count', value: 3 }),
      fc.tuple(tie('num'), tie('num'), fc.constantFrom('+', '-')).map(([a, b, op]) => ({ text: `(${a.text} ${op} ${b.text})`, value: op === '+' ? a.value + b.value : a.value - b.value })),
      fc.tuple(tie('num'), fc.integer({ min: -4, max: 4 })).map(([a, k]) => ({ text: `${k} * (${a.text})`, value: k * a.value + 0 })),
      fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => ({ text: `(${c.text} ? ${a.text} : ${b.text})`, value: c.value ? a.value : b.value })),
      tie('str').map((s) => ({ text: `length(${s.text})`, value: [...s.value].length })),
      fc.array(tie('num'), { maxLength: 4 }).map((xs) => ({ text: `length([${xs.map((x) => x.text).join(', ')}])`, value: xs.length })),
      fc.array(tie('num'), { minLength: 1, maxLength: 4 }).map((xs) => ({ text: `max(${xs.map((x) => x.text).join(', ')})`, value: Math.max(...xs.map((x) => x.value)) })),
      fc.array(tie('num'), { minLength: 1, maxLength: 4 }).map((xs) => ({ text: `sum([for n in [${xs.map((x) => x.text).join(', ')}] : n * 2])`, value: xs.reduce((s, x) => s + 2 * x.value, 0) })),
    ),
    str: fc.oneof(
      opts,
      fc.stringMatching(/^[a-z]{0,5}$/).map((s) => ({ text: JSON.stringify(s), value: s })),
      fc.constant({ text: 'var.env', value: 'prod' }),
      fc.constant({ text: '"$${x}%%{y}"', value: '${x}%{y}' }),
      fc.tuple(tie('str'), tie('num')).map(([s, n]) => ({ text: `"<\${${s.text}}-\${${n.text}}>"`, value: `<${s.value}-${n.value}>` })),
      fc.tuple(tie('str'), tie('bool')).map(([s, b]) => ({ text: `"%{ if ${b.text} ~} \${${s.text}} %{~ else }-%{ endif }"`, value: b.value ? s.value : '-' })),
      tie('str').map((s) => ({ text: `upper(${s.text})`, value: s.value.toUpperCase() })),
      fc.tuple(tie('bool'), tie('str'), tie('str')).map(([c, a, b]) => ({ text: `(${c.text} ? ${a.text} : ${b.text})`, value: c.value ? a.value : b.value })),
      fc.array(tie('str'), { maxLength: 3 }).map((xs) => ({ text: `join(",", [${xs.map((x) => x.text).join(', ')}])`, value: xs.map((x) => x.value).join(',') })),
      fc.array(tie('str'), { maxLength: 3 }).map((xs) => ({ text: `join("", [for s in [${xs.map((x) => x.text).join(', ')}] : upper(s)])`, value: xs.map((x) => x.value.toUpperCase()).join('') })),
      fc.tuple(tie('str'), tie('num'), tie('bool')).map(([s, n, b]) => ({ text: `jsonencode({c = ${b.text}, b = ${n.text}, a = ${s.text}})`, value: tfJson({ a: s.value, b: n.value, c: b.value }) })),
      fc.tuple(tie('str'), tie('num')).map(([s, n]) => ({ text: `format("%s=%d", ${s.text}, ${n.text})`, value: `${s.value}=${n.value}` })),
      fc.tuple(tie('str'), tie('str')).map(([a, b]) => ({ text: `lookup({k = ${a.text}}, "k", ${b.text})`, value: a.value })),
      fc.tuple(tie('str'), tie('str')).map(([a, b]) => ({ text: `try(var.tags.nope, ${a.text}, ${b.text})`, value: a.value })),
    ),
    bool: fc.oneof(
      opts,
      fc.boolean().map((b) => ({ text: String(b), value: b })),
      fc.constant({ text: 'var.enabled', value: true }),
      fc.tuple(tie('num'), tie('num'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=')).map(([a, b, op]) => ({
        text: `(${a.text} ${op} ${b.text})`,
        value: { '==': a.value === b.value, '!=': a.value !== b.value, '<': a.value < b.value, '<=': a.value <= b.value, '>': a.value > b.value, '>=': a.value >= b.value }[op]!,
      })),
      fc.tuple(tie('str'), tie('str')).map(([a, b]) => ({ text: `(${a.text} == ${b.text})`, value: a.value === b.value })),
      tie('bool').map((b) => ({ text: `!${b.text}`, value: !b.value })),
      fc.tuple(tie('bool'), tie('bool'), fc.constantFrom('&&', '||')).map(([a, b, op]) => ({ text: `(${a.text} ${op} ${b.text})`, value: op === '&&' ? a.value && b.value : a.value || b.value })),
      fc.tuple(tie('str'), fc.array(tie('str'), { maxLength: 3 })).map(([x, xs]) => ({ text: `contains([${xs.map((y) => y.text).join(', ')}], ${x.text})`, value: xs.some((y) => y.value === x.value) })),
      tie('str').map((s) => ({ text: `can(upper(${s.text}))`, value: true })),
    ),
  };
});

describe('properties', () => {
  it('parses arbitrary text or throws ExprSyntaxError; evaluation never throws', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), neverThrows), { seed: 20240601, numRuns: 300 });
  });

  it('survives token soup built from HCL fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }), (parts) => neverThrows(parts.join(''))),
      { seed: 7, numRuns: 300 },
    );
  });

  it('evaluates generated valid expressions to the reference value', () => {
    const arb = fc.oneof(numArb as fc.Arbitrary<G<Json>>, strArb as fc.Arbitrary<G<Json>>, boolArb as fc.Arbitrary<G<Json>>);
    fc.assert(
      fc.property(arb, (g) => {
        assert.deepEqual(ev(g.text), known(g.value), g.text);
        // As a one-interpolation template it is the same value, unconverted.
        assert.deepEqual(tv(`\${${g.text}}`), known(g.value), g.text);
        for (const r of references(parseExpression(g.text))) assert.ok(['var.count', 'var.env', 'var.enabled', 'var.tags.nope'].includes(r.text), r.text);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it('makes an expression unknown exactly when an unknown input reaches the result', () => {
    fc.assert(
      fc.property(strArb, boolArb, (s, b) => {
        assert.deepEqual(ev(`${b.text} ? ${s.text} : var.secret`), b.value ? known(s.value) : UNKNOWN);
        assert.deepEqual(ev(`"\${${s.text}}\${var.secret}"`), UNKNOWN);
        assert.deepEqual(ev(`length([var.secret, ${s.text}])`), known(2));
      }),
      { seed: 99, numRuns: 200 },
    );
  });
});
