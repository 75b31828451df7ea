/**
 * Terraform configuration (.tf, .tf.json) into graph nodes: a root module with its local and
 * downloaded modules, variables from defaults, tfvars, --var-file and --var, locals, module
 * arguments and outputs, all evaluated where the values are known (SPEC §3).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { configFiles, downloadedModules, isLocalSource, moduleFolder, repositoryRoot, within } from './files.js';
import path from 'node:path';
import { SealableMap, SealableSet, type GraphBuilder, type NodeInit } from '../graph/build.js';
import { formatSteps, type Step } from '../graph/traversal.js';
import type { CoveringBlock, ProvisionerInfo, Ref, TemplateText } from '../graph/types.js';
import { InputError } from './errors.js';
import { define, isObj, own, unknownAt, type Obj } from './json.js';
import { evaluate, known, parseExpression, parseTemplate, references, UNKNOWN, type Expr, type Json, type Scope, type Value } from './hcl/expr.js';
import { parseHcl, type HclJson } from './hcl/parser.js';
import { resourceBlockKey, resourceBlocks, type BlockPos, type FilePositions } from './hcl/positions.js';
import { fromJsonSyntax, sourcePositions } from './json-syntax.js';
import { distinctSubjects, isEachRef, joinModule, subjectOf, withoutTarget } from './references.js';
import { isOverrideFile, mergeModuleCall, mergeResource, mergeSettings, DEPENDS_ON_OVERRIDE, readingOrder } from './override.js';
import { BlockAttributes, blockHeader, LayeredAttributes } from './source-map.js';
import { ignoreChangesFromSource, templateFromExpr } from './template.js';
import { decodeText, parseJson } from './text.js';

/** hcl2json ends every block in an array of bodies; the first is the one Terraform uses (duplicates are errors). */
function bodies(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : [];
}

/** Each `resource` and `data` block of a file, with every body hcl2json gives it (more than one: declared again in the file). */
function resourceBodies(j: Obj): { mode: 'managed' | 'data'; keyword: 'resource' | 'data'; type: string; name: string; key: string; all: Obj[] }[] {
  const out: { mode: 'managed' | 'data'; keyword: 'resource' | 'data'; type: string; name: string; key: string; all: Obj[] }[] = [];
  for (const mode of ['managed', 'data'] as const) {
    const keyword = mode === 'managed' ? 'resource' : 'data';
    const byType = own(j, keyword);
    if (!isObj(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!isObj(byName)) continue;
      for (const [name, list] of Object.entries(byName)) {
        const all = bodies(list);
        if (all.length > 0) out.push({ mode, keyword, type, name, key: `${mode === 'data' ? 'data.' : ''}${type}.${name}`, all });
      }
    }
  }
  return out;
}

/** The first body of each named block of a keyword (`variable "x" {}`), by name. */
function namedBodies(j: Obj, keyword: string): [string, Obj][] {
  const byName = own(j, keyword);
  const out: [string, Obj][] = [];
  if (!isObj(byName)) return out;
  for (const [name, list] of Object.entries(byName)) {
    const body = bodies(list)[0];
    if (body) out.push([name, body]);
  }
  return out;
}

/** A `--var-file FILE` or a `--var NAME=VALUE`. */
export type VariableInput = { readonly file: string } | { readonly assign: string };

export interface TfOptions {
  readonly cwd: string;
  /** --var-file and --var, in command-line order: a later one wins, as in Terraform. */
  readonly variables?: readonly VariableInput[];
}

export interface SourceFile {
  readonly abs: string;
  readonly shown: string;
  readonly text: string;
  readonly positions: FilePositions;
}

interface LoadedFile extends SourceFile {
  readonly json: HclJson;
}

interface ResourceDef {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** `type.name` or `data.type.name`: the module-relative address. */
  readonly key: string;
  /** With the blocks of override files merged in. */
  body: Obj;
  readonly file: LoadedFile;
  readonly block: BlockPos | undefined;
  /** Blocks of override files merged into this one, in merge order. */
  readonly overrides: { readonly file: string; readonly block: BlockPos }[];
}

interface CallDef {
  readonly name: string;
  readonly source: string;
  readonly body: Obj;
  readonly file: LoadedFile;
  /** Blocks of override files merged into this one, in merge order. */
  readonly overrides?: readonly { readonly file: string; readonly block: BlockPos }[];
  child?: ModuleDef;
}

interface ModuleDef {
  readonly path: string;
  readonly dir: string;
  readonly files: LoadedFile[];
  readonly variables: Map<string, { body: Obj }>;
  readonly locals: Map<string, unknown>;
  readonly outputs: Map<string, Obj>;
  readonly resources: ResourceDef[];
  readonly calls: Map<string, CallDef>;
  readonly parent?: ModuleDef;
  readonly callName?: string;
}

/** Problems that do not stop the run: a module that cannot be followed, a file with a syntax error. */
export interface TfResult {
  readonly files: SourceFile[];
  readonly problems: InputError[];
  /** Blocks whose suppressions cover findings by address: `module` blocks of the modules followed, and the blocks of resources with overrides. */
  readonly coveringBlocks: CoveringBlock[];
}

const MAX_MODULE_DEPTH = 32;
const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection', 'dynamic']);


/** A loaded configuration: its modules and what they evaluate to. */
class Configuration {
  readonly files: LoadedFile[] = [];
  readonly problems: InputError[] = [];
  readonly #repo: string;
  #modulesJson: Map<string, string> | undefined;

  constructor(
    readonly rootDir: string,
    readonly options: TfOptions,
  ) {
    this.#repo = realpathSync(repositoryRoot(rootDir));
  }

  shown(abs: string): string {
    const rel = path.relative(this.options.cwd, abs);
    return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
  }

  async loadFile(abs: string): Promise<LoadedFile | undefined> {
    const shown = this.shown(abs);
    try {
      const text = decodeText(this.readInside(abs, shown), shown, !abs.endsWith('.json'));
      const json = abs.endsWith('.json') ? fromJsonSyntax(parseJson(text, shown)) : await parseHcl(shown, text);
      const file: LoadedFile = { abs, shown, text, json: isObj(json) ? json : {}, positions: sourcePositions(abs, text) };
      this.files.push(file);
      return file;
    } catch (e) {
      if (e instanceof InputError) this.problems.push(e);
      else throw e;
      return undefined;
    }
  }

  /** Reads a file of the configuration: never one that a link takes out of the repository, and a bad link is one problem, not a crash. */
  private readInside(abs: string, shown: string): Buffer {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new InputError(shown, code === 'ELOOP' ? 'is a symbolic link loop; not read' : code === 'ENOENT' ? 'is a broken symbolic link; not read' : `cannot be read (${code ?? 'error'})`);
    }
    if (!within(this.#repo, real)) throw new InputError(shown, 'is a symbolic link that leaves the repository; not read');
    try {
      return readFileSync(real);
    } catch (e) {
      throw new InputError(shown, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  async loadModule(dir: string, modulePath: string, fileList: string[], parent?: ModuleDef, callName?: string, ancestors: string[] = []): Promise<ModuleDef> {
    const mod: ModuleDef = {
      path: modulePath,
      dir,
      files: [],
      variables: new Map(),
      locals: new Map(),
      outputs: new Map(),
      resources: [],
      calls: new Map(),
      ...(parent ? { parent } : {}),
      ...(callName ? { callName } : {}),
    };
    // Terraform's order: the primary files, then the override files merged into what they declare.
    for (const abs of readingOrder(fileList, (f) => f)) {
      const f = await this.loadFile(abs);
      if (f) mod.files.push(f);
    }
    const byKey = new Map<string, ResourceDef>();
    for (const file of mod.files) {
      if (isOverrideFile(file.abs)) this.override(mod, file, byKey);
      else this.declare(mod, file, byKey);
    }
    mod.resources.sort((a, b) => (a.key < b.key ? -1 : 1));
    const here = safeRealpath(dir);
    for (const call of [...mod.calls.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const childPath = joinModule(modulePath, `module.${call.name}`);
      const where = this.moduleDir(mod, call, childPath);
      if (typeof where === 'string') {
        // A registry module before `terraform init` is expected in pre-commit runs: a note. A broken local source, or one Terraform rejects, is an error.
        const level = isLocalSource(call.source) || call.source.startsWith('${') ? 'error' : 'note';
        this.problems.push(new InputError(call.file.shown, `module "${call.name}": ${where}; the rest is linted without it`, level));
        continue;
      }
      if (ancestors.includes(where.real) || where.real === here || ancestors.length >= MAX_MODULE_DEPTH) {
        this.problems.push(new InputError(call.file.shown, `module "${call.name}": ${call.source} calls a module that is already being loaded (a module loop); not followed`));
        continue;
      }
      let files: string[];
      try {
        files = configFiles(where.dir);
      } catch {
        this.problems.push(new InputError(call.file.shown, `module "${call.name}": ${call.source} cannot be read; the rest is linted without it`));
        continue;
      }
      call.child = await this.loadModule(where.dir, childPath, files, mod, call.name, [...ancestors, here]);
    }
    return mod;
  }

  /** The blocks of a primary file. A second declaration of a name is an error in Terraform; the first one is linted. */
  private declare(mod: ModuleDef, file: LoadedFile, byKey: Map<string, ResourceDef>): void {
    const j = file.json;
    const blockOf = resourceBlocks(file.positions.blocks);
    const twice = (keyword: string, type: string, name: string, nth: number, first: LoadedFile): void => {
      const again = file.positions.blocks.filter((b) => b.type === keyword && b.labels[0] === type && b.labels[1] === name)[nth];
      const where = again ? ` at line ${again.range.start.line}` : '';
      this.problems.push(new InputError(file.shown, `${keyword} "${type}" "${name}"${where} is declared again (first in ${first.shown}); Terraform rejects the configuration, and the first declaration is linted`));
    };
    for (const { mode, keyword, type, name, key, all } of resourceBodies(j)) {
      const first = byKey.get(key);
      if (first) {
        twice(keyword, type, name, 0, first.file);
        continue;
      }
      for (let n = 1; n < all.length; n++) twice(keyword, type, name, n, file);
      const def: ResourceDef = { mode, type, name, key, body: all[0]!, file, block: blockOf.get(resourceBlockKey(keyword, type, name)), overrides: [] };
      byKey.set(key, def);
      mod.resources.push(def);
    }
    for (const [name, body] of namedBodies(j, 'variable')) if (!mod.variables.has(name)) mod.variables.set(name, { body });
    for (const body of bodies(own(j, 'locals'))) for (const [k, v] of Object.entries(body)) if (!mod.locals.has(k)) mod.locals.set(k, v);
    for (const [name, body] of namedBodies(j, 'output')) if (!mod.outputs.has(name)) mod.outputs.set(name, body);
    for (const [name, body] of namedBodies(j, 'module')) {
      const source = own(body, 'source');
      if (typeof source === 'string' && !mod.calls.has(name)) mod.calls.set(name, { name, source, body, file });
    }
  }

  /** The blocks of an override file, merged into the declarations of the primary files (override.ts). */
  private override(mod: ModuleDef, file: LoadedFile, byKey: Map<string, ResourceDef>): void {
    const j = file.json;
    const blockOf = resourceBlocks(file.positions.blocks);
    const lineOf = (type: string, label: string): string => {
      const b = file.positions.blocks.find((x) => x.type === type && x.labels[0] === label);
      return b ? ` at line ${b.range.start.line}` : '';
    };
    const problem = (message: string): void => void this.problems.push(new InputError(file.shown, message));
    const nothing = (what: string, where: string, summary: string): void =>
      problem(`${what}${where} overrides nothing: no primary file of this module declares it; Terraform rejects the configuration ("${summary}")`);
    const dependsOn = (what: string, where: string): void => problem(`${what}${where}: ${DEPENDS_ON_OVERRIDE}`);
    for (const { mode, keyword, type, name, key, all } of resourceBodies(j)) {
      const block = blockOf.get(resourceBlockKey(keyword, type, name));
      const what = `${keyword} "${type}" "${name}"`;
      const where = block ? ` at line ${block.range.start.line}` : '';
      const base = byKey.get(key);
      if (!base) {
        nothing(what, where, mode === 'managed' ? 'Missing resource to override' : 'Missing data resource to override');
        continue;
      }
      const merged = mergeResource(base.body, all[0]!);
      if (merged.dependsOnIgnored) dependsOn(what, where);
      base.body = merged.body;
      if (block) base.overrides.push({ file: file.shown, block });
    }
    for (const [name, body] of namedBodies(j, 'variable')) {
      const base = mod.variables.get(name);
      if (!base) nothing(`variable "${name}"`, lineOf('variable', name), 'Missing variable to override');
      else mod.variables.set(name, { body: mergeSettings('variable', base.body, body).body });
    }
    for (const body of bodies(own(j, 'locals'))) {
      for (const [k, v] of Object.entries(body)) {
        if (!mod.locals.has(k)) nothing(`local value "${k}"`, '', 'Missing local value to override');
        else mod.locals.set(k, v);
      }
    }
    for (const [name, body] of namedBodies(j, 'output')) {
      const base = mod.outputs.get(name);
      if (!base) {
        nothing(`output "${name}"`, lineOf('output', name), 'Missing output to override');
        continue;
      }
      const merged = mergeSettings('output', base, body);
      if (merged.dependsOnIgnored) dependsOn(`output "${name}"`, lineOf('output', name));
      mod.outputs.set(name, merged.body);
    }
    for (const [name, body] of namedBodies(j, 'module')) {
      const base = mod.calls.get(name);
      if (!base) {
        nothing(`module "${name}"`, lineOf('module', name), 'Missing module call to override');
        continue;
      }
      const merged = mergeModuleCall(base.body, body);
      if (merged.dependsOnIgnored) dependsOn(`module "${name}"`, lineOf('module', name));
      const source = own(merged.body, 'source');
      const block = file.positions.blocks.find((b) => b.type === 'module' && b.labels[0] === name);
      const overrides = block ? [...(base.overrides ?? []), { file: file.shown, block }] : base.overrides;
      mod.calls.set(name, { ...base, body: merged.body, source: typeof source === 'string' ? source : base.source, ...(overrides ? { overrides } : {}) });
    }
  }

  /** Where a module call's source is on disk, or why it cannot be followed. */
  private moduleDir(parent: ModuleDef, call: CallDef, childPath: string): { dir: string; real: string } | string {
    const key = childPath.replace(/^module\./, '').split('.module.').join('.');
    return moduleFolder(call.source, parent.dir, this.rootDir, this.#repo, key, () => (this.#modulesJson ??= downloadedModules(this.rootDir)));
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Parses a template or expression once per load; a parse error makes the value unknown. */
const parsed = new Map<string, Expr | null>();
function template(text: string): Expr | null {
  let e = parsed.get(text);
  if (e === undefined) {
    try {
      e = parseTemplate(text);
    } catch {
      e = null;
    }
    parsed.set(text, e);
  }
  return e;
}

/** The name a dynamic block's content calls its element by: `iterator = x` (hcl2json writes "${x}"), else the block's label. */
function iteratorName(dynamicBody: Obj, label: string): string {
  const it = own(dynamicBody, 'iterator');
  return typeof it === 'string' ? (/^\$\{\s*([A-Za-z_][\w-]*)\s*\}$/.exec(it)?.[1] ?? it) : label;
}

/** The iterator names of the dynamic blocks of a body, at any depth: each block's label, or the name `iterator` gives. */
function dynamicIterators(body: Obj): Set<string> {
  const out = new Set<string>();
  const visit = (v: unknown, depth: number): void => {
    if (depth > 16) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'dynamic' && isObj(x)) {
          for (const [label, list] of Object.entries(x)) {
            for (const d of bodies(list)) out.add(iteratorName(d, label));
          }
        }
        visit(x, depth + 1);
      }
    }
  };
  visit(body, 0);
  return out;
}

/**
 * The blocks `dynamic "<label>"` makes, evaluated: one per element of its for_each, with the iterator
 * (`<label>`, or the name `iterator` gives) standing for the element's key and value. 'unknown' when
 * for_each is not known.
 */
function dynamicBlocks(spec: unknown, label: string, scope: Scope, depth: number): { values: unknown[]; unknown: unknown[] } | 'unknown' {
  const out = { values: [] as unknown[], unknown: [] as unknown[] };
  for (const d of bodies(spec)) {
    const forEach = evalTree(own(d, 'for_each'), scope, depth + 1);
    if (forEach.unknown === true || hasTrue(forEach.unknown)) return 'unknown';
    const collection = forEach.value;
    if (!Array.isArray(collection) && !isObj(collection)) return 'unknown';
    const elements: [string | number, unknown][] = Array.isArray(collection) ? collection.map((v, i) => [i, v]) : Object.entries(collection);
    const iterator = iteratorName(d, label);
    const content = bodies(own(d, 'content'))[0] ?? {};
    for (const [key, element] of elements) {
      const inner: Scope = {
        resolve: (steps) => {
          if (attrName(steps, 0) !== iterator) return scope.resolve(steps);
          const which = attrName(steps, 1);
          return which === 'key' ? walk(known(key), steps.slice(2)) : which === 'value' ? walk(known(element as Json), steps.slice(2)) : UNKNOWN;
        },
      };
      const r = evalTree(content, inner, depth + 2);
      out.values.push(r.value);
      out.unknown.push(r.unknown);
    }
  }
  return out;
}

/** Values and the unknown mask of an hcl2json body, in the shape of a plan's `after`/`after_unknown`. */
function evalTree(value: unknown, scope: Scope, depth = 0): { value: unknown; unknown: unknown } {
  if (depth > 64) return { value: null, unknown: true };
  if (typeof value === 'string') {
    const e = template(value);
    // Most strings are plain text: its value, without an evaluation.
    if (e?.type === 'literal') return { value: e.value, unknown: false };
    const v = e ? evaluate(e, scope) : UNKNOWN;
    return v.known ? { value: v.value, unknown: false } : { value: null, unknown: true };
  }
  if (Array.isArray(value)) {
    const out = value.map((x) => evalTree(x, scope, depth + 1));
    return { value: out.map((o) => o.value), unknown: out.map((o) => o.unknown) };
  }
  if (isObj(value)) {
    const values: Obj = {};
    const unknown: Obj = {};
    let dynamic: Obj | undefined;
    for (const written of Object.keys(value)) {
      const v = value[written];
      if (META.has(written) && depth <= 2) {
        if (written === 'dynamic' && isObj(v)) dynamic = v;
        continue;
      }
      // A key written as an expression (`{ (var.k) = true }`, which hcl2json gives as "${(var.k)}"): its value is the key.
      let k = written;
      if (written.includes('${')) {
        const key = evalTree(written, scope, depth + 1);
        if (key.unknown !== false || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean')) return { value: null, unknown: true };
        k = String(key.value);
      }
      const r = evalTree(v, scope, depth + 1);
      if (r.unknown === true) define(unknown, k, true);
      else {
        define(values, k, r.value);
        if (hasTrue(r.unknown)) define(unknown, k, r.unknown);
      }
    }
    // The blocks a `dynamic` block makes, after the static ones of its type: as many as its for_each has elements.
    for (const label of Object.keys(dynamic ?? {})) {
      const made = dynamicBlocks(own(dynamic, label), label, scope, depth);
      if (made === 'unknown') {
        define(unknown, label, true);
        delete values[label];
        continue;
      }
      if (made.values.length === 0 || own(unknown, label) === true) continue;
      const staticValues = own(values, label);
      const staticUnknown = own(unknown, label);
      const before = Array.isArray(staticValues) ? staticValues : [];
      define(values, label, [...before, ...made.values]);
      define(unknown, label, [...(Array.isArray(staticUnknown) ? staticUnknown : before.map(() => false)), ...made.unknown]);
    }
    return { value: values, unknown };
  }
  return { value, unknown: false };
}

function hasTrue(tree: unknown): boolean {
  if (tree === true) return true;
  if (tree === null || typeof tree !== 'object') return false;
  return Object.values(tree).some(hasTrue);
}

/** Every template string of a body, by attribute path with block indexes removed. */
function expressionStrings(body: Obj): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (v: unknown, p: string, depth: number): void => {
    if (depth > 32) return;
    if (typeof v === 'string') {
      const list = out.get(p) ?? [];
      list.push(v);
      out.set(p, list);
    } else if (Array.isArray(v)) for (const x of v) walk(x, p, depth + 1);
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        // Attribute values that are objects (tags = {...}) keep the attribute's path; blocks nest.
        walk(x, p === '' ? k : `${p}.${k}`, depth + 1);
      }
    }
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'provisioner' && isObj(v)) {
      for (const [type, list] of Object.entries(v)) for (const b of bodies(list)) walk(b, `provisioner.${type}`, 1);
    } else if (k === 'lifecycle' || k === 'connection') continue;
    else walk(v, k, 0);
  }
  return out;
}

/** The attribute or block an expression path is in: `tags.owner` is in tags, a dynamic block's content in the block it makes. */
function topAttribute(p: string): string {
  const [first = '', second] = p.split('.', 2);
  return first === 'dynamic' && second !== undefined ? second : first;
}

/** The reference texts of each template string, once per load (`${var.location}` recurs in every resource); `decided`: it has a condition a scope may decide. */
const referenced = new Map<string, { readonly texts: readonly string[]; readonly decided: boolean }>();
/** Per scope, the reference texts of strings with a condition, read with the conditions the scope decides. */
const referencedIn = new WeakMap<Scope, Map<string, readonly string[]>>();

/** A condition's value in a scope, when it is known: a bool, or a string HCL converts to one. */
function decideIn(scope: Scope): (cond: Expr) => boolean | undefined {
  return (cond) => {
    const v = evaluate(cond, scope);
    if (!v.known) return undefined;
    return v.value === true || v.value === 'true' ? true : v.value === false || v.value === 'false' ? false : undefined;
  };
}

/**
 * The references of template strings. With a scope, a conditional whose condition it knows refers only
 * to the branch taken (`var.use_existing ? data.x.y.id : azurerm_x.y.id`); without, to both.
 */
function referenceTexts(strings: readonly string[], scope?: Scope): string[] {
  const out: string[] = [];
  for (const s of strings) {
    let hit = referenced.get(s);
    if (hit === undefined) {
      const e = template(s);
      let decided = false;
      const texts = e ? references(e, () => ((decided = true), undefined)).map((r) => r.text || formatSteps(r.steps)) : [];
      hit = { texts, decided };
      referenced.set(s, hit);
    }
    let texts = hit.texts;
    if (hit.decided && scope) {
      let inScope = referencedIn.get(scope);
      if (!inScope) referencedIn.set(scope, (inScope = new Map()));
      let decided = inScope.get(s);
      if (decided === undefined) {
        decided = references(template(s)!, decideIn(scope)).map((r) => r.text || formatSteps(r.steps));
        inScope.set(s, decided);
      }
      texts = decided;
    }
    for (const t of texts) out.push(t);
  }
  return out;
}

/** Per template string, whether it calls sensitive(), once per load. */
const marking = new Map<string, boolean>();
const SENSITIVE_CALL = /\bsensitive\s*\(/;

/** Whether an expression calls sensitive(): what it computes is sensitive wherever it goes. */
function marksSensitive(strings: readonly string[]): boolean {
  return strings.some((s) => {
    if (!SENSITIVE_CALL.test(s)) return false;
    let hit = marking.get(s);
    if (hit === undefined) {
      const e = template(s);
      let called = false;
      if (e) references(e, undefined, (name) => void (called ||= name === 'sensitive'));
      marking.set(s, (hit = called));
    }
    return hit;
  });
}

/** Type defaults: `optional(string, "x")` attributes of object types fill missing keys of a variable's value. */
function applyTypeDefaults(type: Expr | null, value: Json, scope: Scope, depth = 0): Json {
  if (!type || type.type !== 'call' || depth > 16) return value;
  const [arg] = type.args;
  switch (type.name) {
    case 'object': {
      if (!isObj(value) || arg?.type !== 'object') return value;
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) define(out, k, v);
      for (const item of arg.items) {
        if (item.key.type !== 'literal' || typeof item.key.value !== 'string') continue;
        const key = item.key.value;
        const present = Object.prototype.hasOwnProperty.call(out, key) && out[key] !== null;
        const attrType = item.value;
        if (attrType.type === 'call' && attrType.name === 'optional') {
          const [inner, fallback] = attrType.args;
          if (present) define(out, key, applyTypeDefaults(inner ?? null, out[key] as Json, scope, depth + 1));
          else if (fallback) {
            const v = evaluate(fallback, scope);
            if (v.known) define(out, key, applyTypeDefaults(inner ?? null, v.value, scope, depth + 1));
          }
        } else if (present) define(out, key, applyTypeDefaults(attrType, out[key] as Json, scope, depth + 1));
      }
      return out as Json;
    }
    case 'list':
    case 'set':
      return Array.isArray(value) ? value.map((v) => applyTypeDefaults(arg ?? null, v, scope, depth + 1)) : value;
    case 'map': {
      if (!isObj(value)) return value;
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) define(out, k, applyTypeDefaults(arg ?? null, v as Json, scope, depth + 1));
      return out as Json;
    }
    default:
      return value;
  }
}

/** The type constraint of a variable as an expression (`object({...})`), from hcl2json's `${...}` text. */
function typeOf(body: Obj): Expr | null {
  const t = own(body, 'type');
  if (typeof t !== 'string') return null;
  const inner = /^\$\{([\s\S]*)\}$/.exec(t)?.[1] ?? t;
  try {
    return parseExpression(inner);
  } catch {
    return null;
  }
}

/** Root variable values: tfvars files, then --var-file and --var in the order given, later ones winning (Terraform's order). */
async function rootVariableInputs(config: Configuration, mod: ModuleDef): Promise<Map<string, Value>> {
  const out = new Map<string, Value>();
  const empty: Scope = { resolve: () => UNKNOWN };
  const fromFile = async (abs: string): Promise<void> => {
    const shown = config.shown(abs);
    let json: unknown;
    try {
      const text = decodeText(readFileSync(abs), shown, !abs.endsWith('.json'));
      json = abs.endsWith('.json') ? parseJson(text, shown) : await parseHcl(shown, text);
    } catch (e) {
      if (e instanceof InputError) config.problems.push(e);
      else if ((e as NodeJS.ErrnoException).code === 'ENOENT') config.problems.push(new InputError(shown, 'no such file or directory'));
      else throw e;
      return;
    }
    if (!isObj(json)) return;
    for (const [k, v] of Object.entries(json)) {
      const r = evalTree(v, empty);
      out.set(k, hasTrue(r.unknown) ? UNKNOWN : known(r.value as Json));
    }
  };
  const dir = mod.dir;
  const auto = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.auto.tfvars') || f.endsWith('.auto.tfvars.json'))
        .sort()
    : [];
  for (const f of ['terraform.tfvars', 'terraform.tfvars.json', ...auto]) {
    const abs = path.join(dir, f);
    if (existsSync(abs)) await fromFile(abs);
  }
  for (const input of config.options.variables ?? []) {
    if ('file' in input) {
      await fromFile(path.resolve(config.options.cwd, input.file));
      continue;
    }
    const assignment = input.assign;
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      config.problems.push(new InputError('--var', `"${assignment}" is not NAME=VALUE`));
      continue;
    }
    const name = assignment.slice(0, eq);
    const raw = assignment.slice(eq + 1);
    const declared = mod.variables.get(name);
    const typeText = declared ? own(declared.body, 'type') : undefined;
    // As Terraform does: a string variable takes the text as it is; other types parse it as an HCL value.
    let value: Value = known(raw);
    if (typeof typeText === 'string' && !/^\$\{\s*string\s*\}$/.test(typeText)) {
      try {
        const v = evaluate(parseExpression(raw), empty);
        if (v.known) value = v;
      } catch {
        // Not an HCL value: keep the text.
      }
    }
    out.set(name, value);
  }
  return out;
}

/** The name of step `i` of a traversal when it is an attribute step. */
function attrName(steps: readonly Step[], i: number): string | undefined {
  const s = steps[i];
  return s?.kind === 'attr' ? s.name : undefined;
}

/** Evaluation of one module: variables, locals, outputs and resource attributes, each memoised with cycle guards. */
class ModuleScope {
  readonly #vars = new Map<string, Value | 'pending'>();
  readonly #locals = new Map<string, Value | 'pending'>();
  readonly #resources = new Map<string, { value: unknown; unknown: unknown } | 'pending'>();
  readonly #outputs = new Map<string, Value | 'pending'>();
  readonly byKey: Map<string, ResourceDef>;
  readonly scope: Scope;

  constructor(
    readonly mod: ModuleDef,
    /** The value given for a variable (by the call, or for the root by tfvars and --var), or undefined: its default applies. */
    readonly inputs: (name: string) => Value | undefined,
    /** The scope of a module this one calls, by call name. */
    readonly children: (name: string) => ModuleScope | undefined,
    readonly relDir: string,
  ) {
    this.byKey = new Map(mod.resources.map((r) => [r.key, r]));
    this.scope = { resolve: (steps) => this.resolve(steps) };
  }

  variable(name: string): Value {
    const hit = this.#vars.get(name);
    if (hit === 'pending') return UNKNOWN; // a variable whose argument refers back to it
    if (hit) return hit;
    this.#vars.set(name, 'pending');
    const decl = this.mod.variables.get(name);
    let given = this.inputs(name);
    // `nullable = false`: a null given is the default, as if nothing were given.
    if (given?.known && given.value === null && own(decl?.body, 'nullable') === false) given = undefined;
    let v: Value = given ?? UNKNOWN;
    if (given === undefined && decl && own(decl.body, 'default') !== undefined) {
      const r = evalTree(own(decl.body, 'default'), { resolve: () => UNKNOWN });
      v = hasTrue(r.unknown) ? UNKNOWN : known(r.value as Json);
    }
    if (v.known && decl) v = known(applyTypeDefaults(typeOf(decl.body), v.value, this.scope));
    this.#vars.set(name, v);
    return v;
  }

  local(name: string): Value {
    const hit = this.#locals.get(name);
    if (hit === 'pending') return UNKNOWN;
    if (hit) return hit;
    if (!this.mod.locals.has(name)) return UNKNOWN;
    this.#locals.set(name, 'pending');
    const v = partlyKnown(evalTree(this.mod.locals.get(name), this.scope));
    this.#locals.set(name, v);
    return v;
  }

  output(name: string): Value {
    const hit = this.#outputs.get(name);
    if (hit === 'pending') return UNKNOWN;
    if (hit) return hit;
    const body = this.mod.outputs.get(name);
    if (!body) return UNKNOWN;
    this.#outputs.set(name, 'pending');
    const v = partlyKnown(evalTree(own(body, 'value'), this.scope));
    this.#outputs.set(name, v);
    return v;
  }

  resource(key: string): { value: unknown; unknown: unknown } | undefined {
    const hit = this.#resources.get(key);
    if (hit === 'pending') return { value: {}, unknown: true };
    if (hit) return hit;
    const def = this.byKey.get(key);
    if (!def) return undefined;
    this.#resources.set(key, 'pending');
    const r = evalTree(def.body, this.scope);
    this.#resources.set(key, r);
    return r;
  }

  private resolve(steps: readonly Step[]): Value {
    const root = attrName(steps, 0);
    const second = attrName(steps, 1);
    switch (root) {
      case 'var':
        return second ? walk(this.variable(second), steps.slice(2)) : UNKNOWN;
      case 'local':
        return second ? walk(this.local(second), steps.slice(2)) : UNKNOWN;
      case 'module': {
        if (!second) return UNKNOWN;
        const child = this.children(second);
        let i = 2;
        if (steps[i]?.kind === 'index') i++;
        const out = steps[i];
        if (!child || out?.kind !== 'attr') return UNKNOWN;
        return walk(child.output(out.name), steps.slice(i + 1));
      }
      case 'path':
        return second === 'module' ? known(this.relDir) : second === 'root' || second === 'cwd' ? known('.') : UNKNOWN;
      case 'terraform':
        return second === 'workspace' ? known('default') : UNKNOWN;
      case 'each':
      case 'count':
      case 'self':
      case undefined:
        return UNKNOWN;
      case 'data': {
        const third = attrName(steps, 2);
        if (!second || !third) return UNKNOWN;
        return this.resourceValue(`data.${second}.${third}`, steps, 3);
      }
      default:
        if (!second) return UNKNOWN;
        return this.resourceValue(`${root}.${second}`, steps, 2);
    }
  }

  private resourceValue(key: string, steps: readonly Step[], from: number): Value {
    const r = this.resource(key);
    if (!r) return UNKNOWN;
    let i = from;
    // `count`/`for_each` instances share one configuration node: an instance key reads that node.
    if (steps[i]?.kind === 'index') i++;
    let value: unknown = r.value;
    let unknown: unknown = r.unknown;
    for (const s of steps.slice(i)) {
      if (unknown === true) return UNKNOWN;
      const k = s.kind === 'attr' ? s.name : s.key;
      if (Array.isArray(value) && typeof k === 'string') {
        value = value[0];
        unknown = Array.isArray(unknown) ? unknown[0] : unknown;
      }
      unknown = member(unknown, k);
      const next = member(value, k);
      if (next === undefined) return UNKNOWN;
      value = next;
    }
    if (unknown === true || hasTrue(unknown)) return UNKNOWN;
    return value === undefined ? UNKNOWN : known(value as Json);
  }
}

/** A list element by number or an object attribute by name; never an array's own `length` or a prototype member. */
function member(v: unknown, k: string | number): unknown {
  if (Array.isArray(v)) return typeof k === 'number' && Number.isInteger(k) && k >= 0 && k < v.length ? v[k] : undefined;
  if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
  return (v as Record<string, unknown>)[k];
}

/** Applies further steps to a known value. */
function walk(v: Value, steps: readonly Step[]): Value {
  if (!v.known) return v;
  let cur: unknown = v.value;
  for (const s of steps) {
    const next = member(cur, s.kind === 'attr' ? s.name : s.key);
    if (next === undefined || next === UNKNOWN_PART) return UNKNOWN;
    cur = next;
  }
  return known(cur as Json);
}

/** What reference texts come to: the nodes they refer to, whether some could not be followed, and whether the value is sensitive. */
interface Resolved {
  readonly refs: Ref[];
  readonly unresolved: boolean;
  /** It reads a variable or output declared sensitive, or a value marked with sensitive(), on some path: Terraform would mark it so. */
  readonly sensitive: boolean;
}

/** Resolves reference texts of module `mod` to node addresses, through variables, locals and outputs. */
class TfResolver {
  readonly #memo = new Map<string, Resolved>();
  readonly #keys = new Map<ModuleDef, Set<string>>();

  constructor(
    private readonly builder: GraphBuilder,
    private readonly byPath: Map<string, ModuleDef>,
    /** Where a module's expressions are evaluated: conditions it knows decide which branch is referred to. */
    private readonly scopeOf: (m: ModuleDef) => Scope,
  ) {}

  /** The module-relative addresses of a module's resources, as a set: looked up once per reference. */
  private resourceKeys(mod: ModuleDef): Set<string> {
    let keys = this.#keys.get(mod);
    if (!keys) {
      keys = new Set(mod.resources.map((r) => r.key));
      this.#keys.set(mod, keys);
    }
    return keys;
  }

  resolve(refs: readonly string[], mod: ModuleDef, depth = 0): Resolved {
    const memoKey = `${mod.path}\u0000${refs.join('\u0000')}`;
    const hit = this.#memo.get(memoKey);
    if (hit) return hit;
    // Guard against local/variable cycles while this entry is being computed.
    this.#memo.set(memoKey, { refs: [], unresolved: true, sensitive: false });
    const out: Ref[] = [];
    let unresolved = false;
    let sensitive = false;
    if (depth > 64) return { refs: out, unresolved: true, sensitive };
    /** Follows the strings of a value as written (an argument, a local, an output) in module `at`. */
    const follow = (strings: string[], at: ModuleDef, extra: string[] = []): void => {
      const r = this.resolve([...referenceTexts(strings, this.scopeOf(at)), ...extra], at, depth + 1);
      for (const ref of r.refs) out.push(ref);
      unresolved ||= r.unresolved;
      sensitive ||= r.sensitive || marksSensitive(strings);
    };
    // A variable or local is read part by part (`var.cfg.storage_id`): each reference keeps its own part.
    const parts = refs.filter((r) => r.startsWith('var.') || r.startsWith('local.'));
    const subjects = [...distinctSubjects(refs.filter((r) => !r.startsWith('var.') && !r.startsWith('local.'))), ...[...new Set(parts)].flatMap((r) => subjectOf(r) ?? [])];
    for (const s of subjects) {
      switch (s.kind) {
        case 'resource': {
          const rel = s.address!;
          const addr = joinModule(mod.path, rel);
          if (!this.resourceKeys(mod).has(rel)) this.builder.placeholder(addr, addr, s.mode ?? 'managed', s.type ?? '', s.name, mod.path);
          out.push({ target: addr, attribute: s.attribute, keyed: false });
          break;
        }
        case 'var': {
          if (own(mod.variables.get(s.name)?.body, 'sensitive') === true) sensitive = true;
          const parent = mod.parent;
          const call = parent && mod.callName ? parent.calls.get(mod.callName) : undefined;
          if (!parent || !call) break;
          const arg = own(call.body, s.name);
          if (arg === undefined) break;
          const strings = stringsOf(partOf(arg, s.attribute));
          const eachRefs = referenceTexts(strings, this.scopeOf(parent)).some(isEachRef);
          follow(strings, parent, eachRefs ? referenceTexts(stringsOf(own(call.body, 'for_each')), this.scopeOf(parent)) : []);
          break;
        }
        case 'local': {
          if (!mod.locals.has(s.name)) {
            unresolved = true;
            break;
          }
          follow(stringsOf(partOf(mod.locals.get(s.name), s.attribute)), mod);
          break;
        }
        case 'module': {
          const child = this.byPath.get(joinModule(mod.path, `module.${s.name}`));
          if (!child) {
            unresolved = true;
            break;
          }
          const outputName = s.attribute.split(/[.[]/)[0] ?? '';
          if (!outputName) {
            for (const m of this.byPath.values()) {
              if (m.path === child.path || m.path.startsWith(`${child.path}.`)) {
                for (const r of m.resources) out.push({ target: joinModule(m.path, r.key), attribute: '', keyed: false });
              }
            }
            break;
          }
          const body = child.outputs.get(outputName);
          if (!body) {
            unresolved = true;
            break;
          }
          if (own(body, 'sensitive') === true) sensitive = true;
          follow(stringsOf(partOf(own(body, 'value'), s.attribute.slice(outputName.length + 1))), child, referenceTexts(stringsOf(own(body, 'depends_on'))));
          break;
        }
        default:
          break;
      }
    }
    const result = { refs: out, unresolved, sensitive };
    this.#memo.set(memoKey, result);
    return result;
  }
}

/**
 * The part of a value as written that an attribute path reads: `storage_id` of `{ storage_id = x.id, rg = y.name }`
 * is `x.id`. Stops where the value is not an object written in place (an expression, an index step).
 */
function partOf(v: unknown, attribute: string): unknown {
  let cur = v;
  for (const step of attribute === '' ? [] : attribute.split('.')) {
    if (step.includes('[') || !isObj(cur) || !Object.prototype.hasOwnProperty.call(cur, step)) return cur;
    cur = cur[step];
  }
  return cur;
}

/**
 * A part not known until apply inside a value that is otherwise known (`{ name = random_string.x.result, dep = true }`):
 * not JSON, so the evaluator reads it as unknown, and the known parts stay known (`local.ws.dep`).
 */
const UNKNOWN_PART: unique symbol = Symbol('unknown until apply');

/** An evaluated tree (value and unknown mirror) as one value: unknown when all of it is, else with its unknown parts marked. */
function partlyKnown(r: { value: unknown; unknown: unknown }): Value {
  if (r.unknown === true) return UNKNOWN;
  return known((hasTrue(r.unknown) ? markUnknown(r.value, r.unknown, 0) : r.value) as Json);
}

function markUnknown(value: unknown, mask: unknown, depth: number): unknown {
  if (mask === true) return UNKNOWN_PART;
  if (depth > 64 || mask === null || typeof mask !== 'object') return value;
  if (Array.isArray(value)) return value.map((v, i) => markUnknown(v, Array.isArray(mask) ? mask[i] : undefined, depth + 1));
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const k of Object.keys(value)) define(out, k, markUnknown(value[k], own(mask, k), depth + 1));
  // evalTree leaves a wholly unknown member out of the value and marks it in the mirror.
  for (const k of Object.keys(mask)) if (own(mask, k) === true && !Object.prototype.hasOwnProperty.call(out, k)) define(out, k, UNKNOWN_PART);
  return out;
}

function stringsOf(v: unknown): string[] {
  const out: string[] = [];
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [x, d] = stack.pop()!;
    if (typeof x === 'string') out.push(x);
    else if (x !== null && typeof x === 'object' && d < 32) for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return out;
}

/** How many instances `count` or `for_each` makes, when known. */
function instanceCount(body: Obj, scope: Scope): number | 'unknown' | undefined {
  for (const key of ['count', 'for_each']) {
    const v = own(body, key);
    if (v === undefined) continue;
    // A map written in place has its keys, known even where its values are not: one instance per key.
    if (key === 'for_each' && isObj(v) && Object.keys(v).every((k) => !k.includes('${'))) return Object.keys(v).length;
    const r = evalTree(v, scope);
    if (r.unknown === true || hasTrue(r.unknown)) return 'unknown';
    const x = r.value;
    if (key === 'count') return typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : 'unknown';
    if (Array.isArray(x)) return new Set(x.map((e) => JSON.stringify(e))).size;
    if (isObj(x)) return Object.keys(x).length;
    return 'unknown';
  }
  return undefined;
}

/**
 * The text of a string attribute whose value is unknown, with its interpolations marked: rules read it
 * only then. None for an attribute of several strings or none, a provisioner's, or a lone interpolation
 * other than a conditional (`"${x.id}"`: its one piece is the unknown value itself, no text).
 */
function unknownText(p: string, strings: readonly string[], unknown: unknown, resolve: (texts: string[]) => Ref[], scope: Scope): TemplateText | undefined {
  const [first] = strings;
  if (strings.length !== 1 || first === undefined || !first.includes('${') || p.startsWith('provisioner.')) return undefined;
  if (!unknownAt(unknown, p)) return undefined;
  const e = template(first);
  // A conditional has text in its branches (`c ? "spark.x true" : ""`).
  if (e?.type === 'template' && e.parts.length === 1 && e.parts[0]!.type === 'interpolation' && e.parts[0]!.expr.type !== 'conditional') return undefined;
  const t = templateFromExpr(e, resolve, scope);
  return t.known && t.pieces.some((x) => x.kind === 'expr' && x.value === undefined) ? t : undefined;
}

/** `lifecycle { ignore_changes = all }` or the attributes it lists; hcl2json gives `all` as "${all}". */
function ignoreChangesOf(body: Obj): 'all' | string[] {
  const lifecycle = bodies(own(body, 'lifecycle'))[0];
  const v = own(lifecycle, 'ignore_changes');
  const strip = (s: string): string => /^\$\{([\s\S]*)\}$/.exec(s)?.[1] ?? s;
  if (typeof v === 'string') return ignoreChangesFromSource(strip(v));
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map(strip);
  return [];
}

/** Loads the configuration at `target` (a .tf file or a root module folder) into the graph. */
export async function loadTf(target: string, builder: GraphBuilder, options: TfOptions): Promise<TfResult> {
  const abs = path.resolve(options.cwd, target);
  const shown = (p: string): string => (path.relative(options.cwd, p) || path.basename(p)).split(path.sep).join('/');
  let stat;
  try {
    stat = statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(shown(abs), code === 'ELOOP' ? 'is a symbolic link loop' : 'no such file or directory');
  }
  const rootDir = stat.isDirectory() ? abs : path.dirname(abs);
  const fileList = stat.isDirectory() ? configFiles(abs) : [abs];
  if (fileList.length === 0) throw new InputError(shown(abs), 'no .tf or .tf.json files in this directory');
  try {
    return await loadFolder(rootDir, fileList, builder, options, shown);
  } finally {
    parsed.clear();
    referenced.clear();
  }
}

async function loadFolder(rootDir: string, fileList: string[], builder: GraphBuilder, options: TfOptions, shown: (p: string) => string): Promise<TfResult> {
  const config = new Configuration(rootDir, options);
  const root = await config.loadModule(rootDir, '', fileList);

  const byPath = new Map<string, ModuleDef>();
  const all: ModuleDef[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const m = stack.pop()!;
    byPath.set(m.path, m);
    all.push(m);
    for (const c of m.calls.values()) if (c.child) stack.push(c.child);
  }

  // Scopes bottom-up by need: a child's inputs are its call's arguments evaluated in the parent.
  const rootInputs = await rootVariableInputs(config, root);
  const scopes = new Map<string, ModuleScope>();
  // Each is evaluated when first read, so that a module's variables are known however its modules refer to them.
  const scopeOf = (m: ModuleDef): ModuleScope => {
    const hit = scopes.get(m.path);
    if (hit) return hit;
    const parent = m.parent;
    const call = parent && m.callName ? parent.calls.get(m.callName) : undefined;
    const inputs = (name: string): Value | undefined => {
      if (!parent) return rootInputs.get(name);
      if (!call || name === 'source' || name === 'version' || name === 'providers' || META.has(name)) return undefined;
      const arg = own(call.body, name);
      if (arg === undefined) return undefined;
      return partlyKnown(evalTree(arg, scopeOf(parent).scope));
    };
    const children = (name: string): ModuleScope | undefined => {
      const child = m.calls.get(name)?.child;
      return child ? scopeOf(child) : undefined;
    };
    const s = new ModuleScope(m, inputs, children, path.relative(rootDir, m.dir).split(path.sep).join('/') || '.');
    scopes.set(m.path, s);
    return s;
  };
  const resolver = new TfResolver(builder, byPath, (m) => scopeOf(m).scope);

  // A module called with count or for_each known to make no instance has no resources, nor have the modules it calls.
  const absent = new Set<ModuleDef>();
  for (const m of all) {
    const call = m.parent && m.callName ? m.parent.calls.get(m.callName) : undefined;
    if (m.parent && (absent.has(m.parent) || (call && instanceCount(call.body, scopeOf(m.parent).scope) === 0))) absent.add(m);
  }
  for (const m of all) {
    if (absent.has(m)) continue;
    const scope = scopeOf(m);
    for (const r of m.resources) {
      // count = 0 or an empty for_each: Terraform makes nothing, so there is nothing to lint, as in a plan.
      const instances = instanceCount(r.body, scope.scope);
      if (instances === 0) continue;
      const key = r.key;
      const address = joinModule(m.path, key);
      const evaluated = scope.resource(key) ?? { value: {}, unknown: {} };
      const refs = new SealableMap<string, Ref[]>();
      const unresolved = new SealableSet<string>();
      // `each.value` stands for an element of the for_each collection: refer to that too.
      const forEach = referenceTexts(stringsOf(own(r.body, 'for_each')), scope.scope);
      const expressions = expressionStrings(r.body);
      const resolveHere = (texts: string[]): Ref[] => withoutTarget(resolver.resolve(texts, m, 0).refs, address);
      let templates: Map<string, TemplateText> | undefined;
      // An attribute computed from a sensitive value is sensitive too, as a plan would mark it.
      const sensitive: Obj = {};
      // One pass over the expressions: references, sensitivity, then the text of an unknown string for rules that read it.
      const iterators = dynamicIterators(r.body);
      expressions.forEach((strings, p) => {
        let texts = referenceTexts(strings, scope.scope);
        // In a dynamic block's content, its iterator (`ip_rule.value`) is the element, not a resource.
        if (iterators.size > 0 && p.includes('dynamic.')) texts = texts.filter((t) => !iterators.has(t.split(/[.[]/, 1)[0]!));
        const all = p !== 'for_each' && forEach.length > 0 && texts.some(isEachRef) ? [...texts, ...forEach] : texts;
        const res = resolver.resolve(all, m, 0);
        const targets = withoutTarget(res.refs, address);
        if (targets.length > 0) refs.set(p, targets);
        if (res.unresolved) unresolved.add(p);
        if (res.sensitive || marksSensitive(strings)) define(sensitive, topAttribute(p), true);
        const t = unknownText(p, strings, evaluated.unknown, resolveHere, scope.scope);
        if (t) (templates ??= new Map()).set(p, t);
      });
      const provisioners: ProvisionerInfo[] = [];
      const prov = own(r.body, 'provisioner');
      if (isObj(prov)) {
        for (const [type, list] of Object.entries(prov)) {
          for (const b of bodies(list)) {
            const command = own(b, 'command');
            provisioners.push(typeof command === 'string' ? { type, command: templateFromExpr(template(command), resolveHere, scope.scope) } : { type });
          }
        }
      }
      const store = builder.catalog.byTerraformType(r.type);
      const node: NodeInit = {
        address,
        configAddress: address,
        kind: r.mode,
        type: r.type,
        name: r.name,
        modulePath: m.path,
        declared: true,
        values: evaluated.value ?? {},
        unknown: evaluated.unknown === false ? {} : evaluated.unknown,
        sensitive,
        refs,
        unresolved,
        location: r.block ? blockHeader(r.file.shown, r.block) : { file: r.file.shown, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
      };
      if (r.mode === 'data') node.unsetIsUnknown = true;
      if (store) node.armType = store.armType;
      if (r.block) node.attributeLocations = r.overrides.length > 0 ? new LayeredAttributes([{ file: r.file.shown, block: r.block }, ...r.overrides]) : new BlockAttributes(r.file.shown, r.block);
      if (provisioners.length > 0) node.provisioners = provisioners;
      if (templates) node.templates = templates;
      if (instances !== undefined) node.instances = instances;
      if (r.mode === 'managed') node.ignoreChanges = ignoreChangesOf(r.body);
      builder.add(node);
      builder.secretsIn(node.values, sensitive);
    }
  }
  // The values of sensitive variables and outputs must never be printed.
  for (const m of all) {
    const scope = scopeOf(m);
    for (const [name, decl] of m.variables) {
      if (own(decl.body, 'sensitive') !== true) continue;
      const v = scope.variable(name);
      if (v.known) builder.secretsIn(v.value, true);
    }
    for (const [name, body] of m.outputs) {
      if (own(body, 'sensitive') !== true) continue;
      const v = scope.output(name);
      if (v.known) builder.secretsIn(v.value, true);
    }
  }
  const coveringBlocks: CoveringBlock[] = [];
  const cover = (file: string, block: BlockPos, kind: CoveringBlock['kind'], covers: string): void =>
    void coveringBlocks.push({ file, from: block.range.start.line, to: block.range.end.line, kind, covers });
  for (const m of all) {
    for (const call of m.calls.values()) {
      if (!call.child) continue;
      const block = call.file.positions.blocks.find((b) => b.type === 'module' && b.labels[0] === call.name);
      if (block) cover(call.file.shown, block, 'module', call.child.path);
      for (const o of call.overrides ?? []) cover(o.file, o.block, 'module', call.child.path);
    }
    for (const r of m.resources) {
      if (!r.block || r.overrides.length === 0) continue;
      const address = joinModule(m.path, r.key);
      cover(r.file.shown, r.block, 'resource', address);
      for (const o of r.overrides) cover(o.file, o.block, 'resource', address);
    }
  }
  return { files: config.files, problems: config.problems, coveringBlocks };
}
