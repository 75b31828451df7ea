/**
 * Terraform plan JSON (`terraform show -json`, format_version 0.1 to 1.x) into graph nodes.
 * Edges come from the configuration's expression references, made absolute by module
 * path and followed through module variables, outputs, instances and depends_on.
 */
import { SealableMap, SealableSet, type GraphBuilder, type NodeInit } from '../graph/build.js';
import { formatKey, stripKeys } from '../graph/traversal.js';
import { distinctSubjects, isEachRef, joinModule, parentModuleInstance, withoutTarget } from './references.js';
import type { ChangeInfo, Key, Path, ProvisionerInfo, Ref, SourceRange, TemplateText } from '../graph/types.js';
import { InputError } from './errors.js';
import { isObj, own, unknownAt, type Obj } from './json.js';
import type { MappedSource, SourceLocator } from './source-map.js';
import { templateFromSource } from './template.js';
import { parseJson } from './text.js';

function ownObj(o: unknown, key: string): Obj | undefined {
  const v = own(o, key);
  return isObj(v) ? v : undefined;
}

function ownArray(o: unknown, key: string): unknown[] {
  const v = own(o, key);
  return Array.isArray(v) ? v : [];
}

function ownString(o: unknown, key: string): string | undefined {
  const v = own(o, key);
  return typeof v === 'string' ? v : undefined;
}

function entries(o: Obj | undefined): [string, unknown][] {
  return o ? Object.entries(o) : [];
}

/** Tells a plan from the other JSON people pass by mistake, and checks its version. */
export function checkPlanShape(doc: unknown, file: string): Obj {
  if (!isObj(doc)) throw new InputError(file, 'not a Terraform plan: the JSON is not an object (run `terraform show -json <planfile>`)');
  const fv = own(doc, 'format_version');
  if (own(doc, 'serial') !== undefined && own(doc, 'lineage') !== undefined) {
    throw new InputError(file, 'this is a Terraform state file, not a plan; lint `terraform show -json <planfile>` output instead');
  }
  if (fv === undefined && own(doc, 'root_module') !== undefined) {
    throw new InputError(file, 'this is a planned_values fragment, not a whole plan; lint the full `terraform show -json <planfile>` output');
  }
  if (typeof fv !== 'string') throw new InputError(file, 'not a Terraform plan: no format_version (run `terraform show -json <planfile>`)');
  const m = /^(\d+)\.(\d+)$/.exec(fv);
  if (!m) throw new InputError(file, `unsupported plan format_version "${fv.slice(0, 20)}"`);
  if (Number(m[1]) >= 2) {
    throw new InputError(file, `plan format_version ${fv} is not supported: this version of synapse-lint reads 0.1 to 1.x`);
  }
  const isPlan = ['planned_values', 'resource_changes', 'configuration', 'prior_state', 'output_changes'].some((k) => own(doc, k) !== undefined);
  if (!isPlan) {
    if (own(doc, 'values') !== undefined) {
      throw new InputError(file, 'this is `terraform show -json` of a state, not a plan; run `terraform show -json <planfile>`');
    }
  }
  return doc;
}

const ADDRESS_KEY = '"address"';

/** Index past JSON whitespace from `i`. */
function skipSpace(text: string, i: number): number {
  for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  return i;
}

/**
 * Where each resource address first appears in the plan text, for locations until .tf mapping finds the block.
 * With `wanted`, only those addresses, and the scan stops once all are found: the planned values come first
 * and usually name them all, so most of the text is not read.
 */
export function addressLines(text: string, file: string, wanted?: { readonly size: number; has(address: string): boolean }): Map<string, SourceRange> {
  const out = new Map<string, SourceRange>();
  scanAddresses(text, wanted?.size ?? Infinity, (addr, line, column, length) => {
    if (out.has(addr) || (wanted && !wanted.has(addr))) return false;
    out.set(addr, textRange(file, line, column, length));
    return true;
  });
  return out;
}

/** The range of `"address": "..."` on one line, from its column and length. */
function textRange(file: string, line: number, column: number, length: number): SourceRange {
  return { file, startLine: line, startColumn: column, endLine: line, endColumn: column + length };
}

/**
 * The scan behind addressLines: offers `take` each address in text order, with the line, column and length
 * of its `"address": "..."`, and stops once `take` has accepted `count` of them.
 */
function scanAddresses(text: string, count: number, take: (address: string, line: number, column: number, length: number) => boolean): void {
  if (count <= 0) return;
  let taken = 0;
  let line = 1;
  let lineStart = 0;
  // The first line end not yet counted: plans are often one line, and looking for a line end from every address would scan to the end each time.
  let nextNl = text.indexOf('\n');
  for (let at = text.indexOf(ADDRESS_KEY); at !== -1; at = text.indexOf(ADDRESS_KEY, at + 1)) {
    // `"address"`, optional space, `:`, optional space, then a string.
    let i = skipSpace(text, at + ADDRESS_KEY.length);
    if (text.charCodeAt(i) !== 58) continue;
    i = skipSpace(text, i + 1);
    if (text.charCodeAt(i) !== 34) continue;
    const open = i;
    // The closing quote: the first one not escaped (preceded by an even number of backslashes).
    let close = text.indexOf('"', open + 1);
    for (; close !== -1; close = text.indexOf('"', close + 1)) {
      let slashes = 0;
      while (text.charCodeAt(close - 1 - slashes) === 92) slashes++;
      if (slashes % 2 === 0) break;
    }
    if (close === -1) break;
    for (; nextNl !== -1 && nextNl < at; nextNl = text.indexOf('\n', nextNl + 1)) {
      line++;
      lineStart = nextNl + 1;
    }
    const token = at;
    at = close; // the next search starts after this string
    let addr = text.slice(open + 1, close);
    if (addr.includes('\\')) {
      try {
        addr = JSON.parse(`"${addr}"`) as string;
      } catch {
        continue;
      }
    }
    if (take(addr, line, token - lineStart + 1, close + 1 - token) && ++taken === count) break;
  }
}

/** Sets the location of every instance from the first place its address appears in the plan text. */
function locateInText(text: string, file: string, instances: ReadonlyMap<string, Instance>): void {
  scanAddresses(text, instances.size, (addr, line, column, length) => {
    const found = instances.get(addr);
    if (!found || found.location) return false;
    found.location = textRange(file, line, column, length);
    return true;
  });
}

interface ConfigModule {
  readonly path: string; // configuration module path: '' or 'module.a.module.b'
  readonly calls: Map<string, Obj>;
  readonly outputs: Map<string, Obj>;
  readonly variables: Map<string, Obj>;
}

/** The configuration's modules by path, and its resources by configuration address (`module.a.azurerm_x.y`). */
function collectConfig(root: Obj | undefined): { modules: Map<string, ConfigModule>; resources: Map<string, Obj> } {
  const modules = new Map<string, ConfigModule>();
  const resources = new Map<string, Obj>();
  const stack: [Obj, string, number][] = root ? [[root, '', 0]] : [];
  while (stack.length > 0) {
    const [mod, path, depth] = stack.pop()!;
    const m: ConfigModule = { path, calls: new Map(), outputs: new Map(), variables: new Map() };
    modules.set(path, m);
    for (const r of ownArray(mod, 'resources')) {
      const a = ownString(r, 'address');
      if (a !== undefined && isObj(r)) resources.set(joinModule(path, a), r);
    }
    for (const [k, v] of entries(ownObj(mod, 'outputs'))) if (isObj(v)) m.outputs.set(k, v);
    for (const [k, v] of entries(ownObj(mod, 'variables'))) if (isObj(v)) m.variables.set(k, v);
    for (const [name, call] of entries(ownObj(mod, 'module_calls'))) {
      if (!isObj(call)) continue;
      m.calls.set(name, call);
      const child = ownObj(call, 'module');
      if (child && depth < 100) stack.push([child, path ? `${path}.module.${name}` : `module.${name}`, depth + 1]);
    }
  }
  return { modules, resources };
}

/** An expression object of the configuration: only `constant_value` and `references` keys. */
function isExpression(v: unknown): v is Obj {
  if (!isObj(v)) return false;
  for (const k in v) if (k !== 'constant_value' && k !== 'references' && Object.prototype.hasOwnProperty.call(v, k)) return false;
  return true;
}

/** An expression's references: the plan's own list when, as usual, it is all strings. Callers do not change it. */
function referencesOf(expr: unknown): string[] {
  return onlyThose(ownArray(expr, 'references'), isString);
}

/** Every expression of a resource, by attribute path with block indexes removed. */
function expressionsOf(resource: Obj): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // The lists may be the plan's own: a path seen again gets a new list, so none of them is changed.
  const add = (path: string, refs: string[]): void => {
    if (refs.length === 0) return; // a constant refers to nothing
    const list = out.get(path);
    out.set(path, list ? list.concat(refs) : refs);
  };
  const walk = (block: unknown, prefix: string, depth: number): void => {
    if (!isObj(block) || depth > 32) return;
    for (const k in block) {
      if (!Object.prototype.hasOwnProperty.call(block, k)) continue;
      const v = block[k];
      if (isExpression(v)) {
        if (v.references !== undefined) add(prefix ? `${prefix}.${k}` : k, referencesOf(v));
        continue;
      }
      const path = prefix ? `${prefix}.${k}` : k;
      if (Array.isArray(v)) for (const b of v) walk(b, path, depth + 1);
      else walk(v, path, depth + 1);
    }
  };
  walk(own(resource, 'expressions'), '', 0);
  for (const p of ownArray(resource, 'provisioners')) {
    const type = ownString(p, 'type') ?? 'provisioner';
    walk(own(p, 'expressions'), `provisioner.${type}`, 1);
  }
  const count = own(resource, 'count_expression');
  if (count !== undefined) add('count', referencesOf(count));
  const forEach = own(resource, 'for_each_expression');
  if (forEach !== undefined) add('for_each', referencesOf(forEach));
  const deps = onlyThose(ownArray(resource, 'depends_on'), isString);
  if (deps.length > 0) add('depends_on', deps);
  return out;
}

interface InstanceInfo {
  readonly address: string;
  /** The address without module and instance keys. */
  readonly configAddress: string;
  readonly modulePath: string;
  readonly index?: Key;
}

/** The instances of one configuration resource, in input order; by module instance and by key once asked for. */
interface InstanceGroup {
  readonly all: InstanceInfo[];
  index?: {
    readonly byModule: Map<string, InstanceInfo[]>;
    readonly byKey: Map<Key, InstanceInfo[]>;
    readonly byModuleKey: Map<string, Map<Key, InstanceInfo[]>>;
  };
}

function pushTo<K>(map: Map<K, InstanceInfo[]>, key: K, i: InstanceInfo): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

/** Indexes a group the first time it is searched: a counted resource that refers to another by count.index finds its instance without a scan of all of them. */
function groupIndex(g: InstanceGroup): NonNullable<InstanceGroup['index']> {
  if (g.index) return g.index;
  const index = { byModule: new Map<string, InstanceInfo[]>(), byKey: new Map<Key, InstanceInfo[]>(), byModuleKey: new Map<string, Map<Key, InstanceInfo[]>>() };
  for (const i of g.all) {
    pushTo(index.byModule, i.modulePath, i);
    if (i.index === undefined) continue;
    pushTo(index.byKey, i.index, i);
    let m = index.byModuleKey.get(i.modulePath);
    if (!m) index.byModuleKey.set(i.modulePath, (m = new Map()));
    pushTo(m, i.index, i);
  }
  return (g.index = index);
}

/** Resolves references to node addresses, with memoised module hops. */
class Resolver {
  readonly #byConfig = new Map<string, InstanceGroup>();
  readonly #memo = new Map<string, { refs: Ref[]; unresolved: boolean }>();

  constructor(
    private readonly modules: Map<string, ConfigModule>,
    private readonly builder: GraphBuilder,
    instances: Iterable<InstanceInfo>,
    /** Resources the configuration declares, by configuration address: one of them with no instance has none after apply. */
    private readonly declared: ReadonlyMap<string, unknown> = new Map(),
  ) {
    for (const i of instances) {
      const key = i.configAddress;
      const g = this.#byConfig.get(key);
      if (g) g.all.push(i);
      else this.#byConfig.set(key, { all: [i] });
    }
  }

  /**
   * References of one expression, written in configuration module `scope`,
   * evaluated in module instance `mi` (or any instance when undefined), by the
   * instance keyed `key`.
   */
  resolve(refs: readonly string[], scope: string, mi: string | undefined, key: Key | undefined, depth = 0, pairFrom?: InstanceInfo): { refs: Ref[]; unresolved: boolean } {
    // Module hops repeat for every instance in a module; a resource's own expressions do not.
    const memoKey = depth > 0 ? `${scope}\u0000${mi ?? '\u0001'}\u0000${key ?? ''}\u0000${refs.join('\u0000')}` : undefined;
    const hit = memoKey === undefined ? undefined : this.#memo.get(memoKey);
    if (hit) return hit;
    const out: Ref[] = [];
    let unresolved = false;
    const keyed = refs.some((r) => r === 'count.index' || isEachRef(r));
    if (depth > 64) return { refs: out, unresolved: true };
    for (const s of distinctSubjects(refs)) {
      switch (s.kind) {
        case 'resource': {
          const rel = s.address!;
          const configAddr = joinModule(scope, rel);
          const group = this.#byConfig.get(configAddr);
          let found: readonly InstanceInfo[] = group?.all ?? [];
          if (group && group.all.length > 1) {
            // Instances in the same module instance when there are any, then the one with the key asked for when there is one.
            const index = groupIndex(group);
            const sameModule = mi !== undefined ? index.byModule.get(mi) : undefined;
            if (sameModule) found = sameModule;
            let wanted = s.index !== undefined ? s.index : keyed ? key : undefined;
            if (wanted === undefined && pairFrom?.index !== undefined && sameModule && mi === pairFrom.modulePath && this.sameKeys(pairFrom, configAddr, mi)) wanted = pairFrom.index;
            if (wanted !== undefined) {
              const exact = sameModule ? index.byModuleKey.get(mi!)?.get(wanted) : index.byKey.get(wanted);
              if (exact) found = exact;
            }
          }
          if (found.length === 0) {
            // Declared, but with no instance in the plan (count = 0, an empty for_each, a module called so): nothing to refer to.
            if (this.declared.has(configAddr)) break;
            const modulePath = mi ?? scope;
            const addr = joinModule(modulePath, rel);
            this.builder.placeholder(addr, configAddr, s.mode ?? 'managed', s.type ?? '', s.name, modulePath);
            out.push({ target: addr, attribute: s.attribute, keyed });
          } else if (found.length === 1) {
            out.push({ target: found[0]!.address, attribute: s.attribute, keyed });
          } else {
            for (const f of found) out.push(this.sharedRef(f.address, s.attribute, keyed));
          }
          break;
        }
        case 'var': {
          if (scope === '') break; // a root variable's value is in the plan; it refers to nothing.
          const parentScope = parentModuleInstance(scope);
          const callName = scope.slice(scope.lastIndexOf('.') + 1);
          const call = this.modules.get(parentScope)?.calls.get(callName);
          const expr = own(ownObj(call, 'expressions'), s.name);
          if (expr === undefined) {
            const declared = this.modules.get(scope)?.variables.get(s.name);
            if (!declared || own(declared, 'default') === undefined) unresolved = true;
            break;
          }
          let callRefs = referencesOf(expr);
          if (callRefs.some(isEachRef)) callRefs = [...callRefs, ...referencesOf(own(call, 'for_each_expression'))];
          const r = this.resolve(callRefs, parentScope, mi === undefined ? undefined : parentModuleInstance(mi), undefined, depth + 1);
          for (const ref of r.refs) out.push(ref);
          unresolved ||= r.unresolved;
          break;
        }
        case 'module': {
          const childScope = joinModule(scope, `module.${s.name}`);
          const child = this.modules.get(childScope);
          const outputName = s.attribute.split(/[.[]/)[0] ?? '';
          const output = outputName ? child?.outputs.get(outputName) : undefined;
          if (!output) {
            // `module.m` as a whole (depends_on) stands for every resource in it.
            if (!outputName) {
              const prefix = `${childScope}.`;
              for (const [cfg, group] of this.#byConfig) {
                if (!cfg.startsWith(prefix)) continue;
                for (const f of group.all) out.push({ target: f.address, attribute: '', keyed: false });
              }
            } else unresolved = true;
            break;
          }
          const childMi = mi === undefined ? undefined : joinModule(mi, `module.${s.name}${s.index !== undefined ? formatKey(s.index) : ''}`);
          const exprRefs = referencesOf(own(output, 'expression'));
          const r = this.resolve([...exprRefs, ...ownArray(output, 'depends_on').filter((d): d is string => typeof d === 'string')], childScope, s.index !== undefined || !this.hasKeyedCall(scope, s.name) ? childMi : undefined, undefined, depth + 1);
          for (const ref of r.refs) out.push(ref);
          unresolved ||= r.unresolved;
          break;
        }
        case 'local':
          // The plan does not carry locals: what a local refers to cannot be known from it.
          unresolved = true;
          break;
        default:
          break;
      }
    }
    const result = { refs: out, unresolved };
    if (memoKey !== undefined) this.#memo.set(memoKey, result);
    return result;
  }

  readonly #sameKeys = new Map<string, boolean>();

  /** Whether `from`'s resource and the one at `configAddr` have the same instance keys in module instance `mi`. */
  private sameKeys(from: InstanceInfo, configAddr: string, mi: string): boolean {
    const fromConfig = from.configAddress;
    const memoKey = JSON.stringify([fromConfig, configAddr, mi]);
    let same = this.#sameKeys.get(memoKey);
    if (same === undefined) {
      const a = this.#byConfig.get(fromConfig);
      const b = this.#byConfig.get(configAddr);
      const ka = a ? groupIndex(a).byModuleKey.get(mi) : undefined;
      const kb = b ? groupIndex(b).byModuleKey.get(mi) : undefined;
      same = ka !== undefined && kb !== undefined && ka.size === kb.size && [...ka.keys()].every((k) => kb.has(k));
      this.#sameKeys.set(memoKey, same);
    }
    return same;
  }

  readonly #shared = new Map<string, Map<string, [Ref | undefined, Ref | undefined]>>();

  /**
   * One frozen Ref for every reference to the same instance and attribute. A reference to a counted
   * resource as a whole (`x[*].id`) from another counted resource is repeated by each of its
   * instances for each target instance: sharing keeps that to a pointer each.
   */
  private sharedRef(target: string, attribute: string, keyed: boolean): Ref {
    let byAttribute = this.#shared.get(target);
    if (!byAttribute) this.#shared.set(target, (byAttribute = new Map()));
    let pair = byAttribute.get(attribute);
    if (!pair) byAttribute.set(attribute, (pair = [undefined, undefined]));
    const i = keyed ? 1 : 0;
    return (pair[i] ??= Object.freeze({ target, attribute, keyed }));
  }

  private hasKeyedCall(scope: string, name: string): boolean {
    const call = this.modules.get(scope)?.calls.get(name);
    return own(call, 'count_expression') !== undefined || own(call, 'for_each_expression') !== undefined;
  }
}

const NO_PATHS: readonly Path[] = Object.freeze([]);
const NO_REFS: ReadonlyMap<string, readonly Ref[]> = new Map();
const NOTHING_UNRESOLVED: ReadonlySet<string> = new Set();

/** The elements of `list` that pass `keep`: the list itself when all do, as they almost always do. */
function onlyThose<T>(list: unknown[], keep: (x: unknown) => x is T): T[] {
  for (let i = 0; i < list.length; i++) if (!keep(list[i])) return list.filter(keep);
  return list as T[];
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isKey = (x: unknown): x is Key => typeof x === 'string' || typeof x === 'number';

/** The change of most resources, one object each: a single action and no paths that force replacement. */
const SINGLE_ACTIONS: ReadonlyMap<string, ChangeInfo> = new Map(
  ['create', 'update', 'no-op', 'read', 'delete', 'forget'].map((a) => [a, Object.freeze({ actions: Object.freeze([a]), replacePaths: NO_PATHS })]),
);

function changeInfo(change: Obj | undefined): ChangeInfo | undefined {
  if (!change) return undefined;
  const actions = onlyThose(ownArray(change, 'actions'), isString);
  const paths = ownArray(change, 'replace_paths');
  if (paths.length === 0 && actions.length === 1) {
    const shared = SINGLE_ACTIONS.get(actions[0]!);
    if (shared) return shared;
  }
  const replacePaths = paths.length === 0 ? NO_PATHS : paths.filter(Array.isArray).map((p) => onlyThose(p as unknown[], isKey) as Path);
  const replaced = actions.includes('create') && (actions.includes('delete') || actions.includes('forget'));
  if (paths.length > 0 || !replaced) return { actions, replacePaths };
  return { actions, replacePaths, changed: changedAttributes(ownObj(change, 'before'), ownObj(change, 'after'), own(change, 'after_unknown')) };
}

/** Top-level attributes whose value is known after and differs from before. */
function changedAttributes(before: Obj | undefined, after: Obj | undefined, unknown: unknown): string[] {
  if (!before || !after) return [];
  const out: string[] = [];
  for (const k of Object.keys(after)) {
    if (unknown === true || own(unknown, k) === true) continue;
    if (JSON.stringify(own(before, k) ?? null) !== JSON.stringify(after[k] ?? null)) out.push(k);
  }
  return out.sort();
}

/**
 * A resource instance of the plan: the node it becomes, filled in as the plan is read. Its fields are
 * made in the node's order, so that every node has the same shape.
 */
type Instance = NodeInit & { kind: 'managed' | 'data'; refs: ReadonlyMap<string, readonly Ref[]>; unresolved: ReadonlySet<string> };

function moduleOf(address: string, type: string, name: string, mode: string): string {
  // The address is `<module path>.<mode prefix><type>.<name>[key]`; what precedes the resource part is the module path.
  const needle = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
  const at = address.lastIndexOf(needle);
  return at > 0 ? address.slice(0, at - 1) : '';
}

function instanceFrom(r: unknown, source: 'change' | 'values'): Instance | undefined {
  const address = ownString(r, 'address');
  const type = ownString(r, 'type');
  const name = ownString(r, 'name');
  if (address === undefined || type === undefined || name === undefined) return undefined;
  const kind: Instance['kind'] = ownString(r, 'mode') === 'data' ? 'data' : 'managed';
  const idx = own(r, 'index');
  const index = typeof idx === 'string' || typeof idx === 'number' ? idx : undefined;
  // A deferred instance of a module whose keys are not known yet (`module.a[*]`) stands for all of them.
  const modulePath = (ownString(r, 'module_address') ?? moduleOf(address, type, name, kind)).replaceAll('[*]', '');
  const configAddress = stripKeys(address);
  let inst: Instance;
  let info: ChangeInfo | undefined;
  // Empty stand-ins for references keep every node's fields in one order; the graph seals its own empty ones in their place.
  if (source === 'change') {
    const change = ownObj(r, 'change');
    const values = own(change, 'after') ?? {};
    inst = { address, configAddress, kind, type, name, modulePath, declared: true, values, unknown: own(change, 'after_unknown') ?? {}, sensitive: own(change, 'after_sensitive') ?? {}, refs: NO_REFS, unresolved: NOTHING_UNRESOLVED };
    info = changeInfo(change);
  } else {
    inst = { address, configAddress, kind, type, name, modulePath, declared: true, values: own(r, 'values') ?? {}, unknown: {}, sensitive: own(r, 'sensitive_values') ?? {}, refs: NO_REFS, unresolved: NOTHING_UNRESOLVED };
  }
  if (index !== undefined) inst.index = index;
  if (info) inst.change = info;
  return inst;
}

function valuesModules(root: Obj | undefined): Obj[] {
  const out: Obj[] = [];
  const stack: [Obj, number][] = root ? [[root, 0]] : [];
  while (stack.length > 0) {
    const [m, depth] = stack.pop()!;
    out.push(m);
    if (depth < 100) for (const c of ownArray(m, 'child_modules')) if (isObj(c)) stack.push([c, depth + 1]);
  }
  return out;
}

const GONE = new Set(['delete', 'forget']);

/** The start of a value written as a template: a quoted string or a heredoc. */
const QUOTED_OR_HEREDOC = /^\s*(?:"|<<)/;

/** Adds every resource of a plan to the graph. `file` names the plan in locations and messages. */
export interface PlanOptions {
  /** Finds the .tf block behind an address; built from the plan's module calls. */
  readonly locator?: (callSources: ReadonlyMap<string, string>) => SourceLocator | undefined;
}

export function loadPlan(text: string, file: string, builder: GraphBuilder, options: PlanOptions = {}): void {
  const doc = checkPlanShape(parseJson(text, file), file);
  const instances = new Map<string, Instance>();
  // Resources the plan destroys or forgets: the prior state still lists them, but they are not there after apply.
  const gone = new Set<string>();

  for (const rc of ownArray(doc, 'resource_changes')) {
    if (own(rc, 'deposed') !== undefined) continue; // an old object being destroyed, not the resource's future
    const inst = instanceFrom(rc, 'change');
    if (!inst) continue;
    const actions = inst.change?.actions ?? [];
    if (actions.length > 0 && actions.every((a) => GONE.has(a))) {
      gone.add(inst.address);
      continue;
    }
    instances.set(inst.address, inst);
  }
  // Changes Terraform defers to a later plan (1.9+, deferred actions): the resources will be there, with what is known of them now.
  // An instance whose key is not known yet is addressed with [*] (`index_unknown`).
  for (const d of ownArray(doc, 'deferred_changes')) {
    const rc = own(d, 'resource_change');
    if (own(rc, 'deposed') !== undefined) continue;
    const inst = instanceFrom(rc, 'change');
    if (!inst || instances.has(inst.address)) continue;
    const actions = inst.change?.actions ?? [];
    if (actions.length > 0 && actions.every((a) => GONE.has(a))) gone.add(inst.address);
    else instances.set(inst.address, inst);
  }
  // Resources missing from resource_changes: data sources read during planning live in prior_state.
  const fromValues = (root: Obj | undefined): void => {
    for (const m of valuesModules(root)) {
      for (const r of ownArray(m, 'resources')) {
        const address = ownString(r, 'address');
        if (address === undefined || instances.has(address) || gone.has(address)) continue;
        const inst = instanceFrom(r, 'values');
        if (inst) instances.set(inst.address, inst);
      }
    }
  };
  fromValues(ownObj(ownObj(doc, 'planned_values'), 'root_module'));
  fromValues(ownObj(ownObj(ownObj(doc, 'prior_state'), 'values'), 'root_module'));

  // Where each instance is in the plan text: scanned only if some instance has no .tf block to point at.
  let scanned = false;
  const { modules, resources: configResources } = collectConfig(ownObj(ownObj(doc, 'configuration'), 'root_module'));
  const resolver = new Resolver(modules, builder, instances.values(), configResources);
  const callSources = new Map<string, string>();
  for (const m of modules.values()) {
    for (const [name, call] of m.calls) {
      const source = ownString(call, 'source');
      if (source !== undefined) callSources.set(joinModule(m.path, `module.${name}`), source);
    }
  }
  const locator = options.locator?.(callSources);

  // The instances of a counted resource, or of a counted module, share their configuration: its expressions are read once.
  const expressionsByConfig = new Map<Obj, Map<string, string[]>>();
  // In input order, which keeps memory access near-sequential in a large plan: the graph sorts its nodes, so the order adds nothing.
  for (const inst of instances.values()) {
    const scope = stripKeys(inst.modulePath);
    const configAddress = inst.configAddress;
    const config = configResources.get(configAddress);
    // Made when there is something to put in them: many resources have no references.
    let refs: SealableMap<string, Ref[]> | undefined;
    let unresolved: SealableSet<string> | undefined;
    if (config) {
      // `each.value` stands for an element of the for_each collection: refer to that too.
      const forEach = referencesOf(own(config, 'for_each_expression'));
      // Kept only for instances that may share it: keeping every resource's would keep them all alive.
      const shared = inst.index !== undefined || inst.modulePath.includes('[');
      let expressions = shared ? expressionsByConfig.get(config) : undefined;
      if (!expressions) {
        expressions = expressionsOf(config);
        if (shared) expressionsByConfig.set(config, expressions);
      }
      expressions.forEach((list, path) => {
        if (list.length === 0) return; // a constant refers to nothing
        const all = path !== 'for_each' && forEach.length > 0 && list.some(isEachRef) ? [...list, ...forEach] : list;
        // depends_on cannot name one instance: from a counted resource to one with the same keys, it is read as
        // the instance with the same key, as such pairs are meant (an approval per endpoint), not every instance.
        const r = resolver.resolve(all, scope, inst.modulePath, inst.index, 0, path === 'depends_on' ? inst : undefined);
        const own = withoutTarget(r.refs, inst.address);
        if (own.length > 0) (refs ??= new SealableMap()).set(path, own);
        if (r.unresolved) (unresolved ??= new SealableSet()).add(path);
      });
    }
    const store = builder.catalog.byTerraformType(inst.type);
    const mapped = locator?.locate(scope, inst.kind, inst.type, inst.name);
    const resolveHere = (texts: string[]): Ref[] => withoutTarget(resolver.resolve(texts, scope, inst.modulePath, inst.index).refs, inst.address);
    const provisioners = config && own(config, 'provisioners') !== undefined ? provisionersOf(config, mapped, resolveHere) : [];
    let templates: Map<string, TemplateText> | undefined;
    if (mapped && refs) {
      templates = new Map();
      for (const path of refs.keys()) {
        if (path.startsWith('provisioner.') || path === 'depends_on' || path === 'count' || path === 'for_each') continue;
        if (!unknownAt(inst.unknown, path)) continue;
        const raw = mapped.rawValue(path);
        // Only a quoted string or a heredoc has text; any other expression is one unknown piece with none.
        if (raw === undefined || !QUOTED_OR_HEREDOC.test(raw)) continue;
        const t = templateFromSource(raw, resolveHere);
        if (t?.known) templates.set(path, t);
      }
    }
    const ignoreChanges = mapped ? mapped.ignoreChanges() : 'unknown';
    // The instance becomes the node: what the plan does not say about it is added to it.
    if (refs) inst.refs = refs;
    if (unresolved) inst.unresolved = unresolved;
    if (store) inst.armType = store.armType;
    if (mapped) {
      inst.location = mapped.location;
      inst.attributeLocations = mapped.attributeLocations;
    } else if (!scanned) {
      // Every instance not yet placed, at once: those placed from their .tf keep that place.
      locateInText(text, file, instances);
      scanned = true;
    }
    if (provisioners.length > 0) inst.provisioners = provisioners;
    if (templates && templates.size > 0) inst.templates = templates;
    if (inst.kind === 'managed') inst.ignoreChanges = ignoreChanges;
    // A data source's values are what it exports: an attribute it does not (a workspace's DEP) is not known from the plan.
    else inst.unsetIsUnknown = true;
    builder.add(inst);
    builder.secretsIn(inst.values, inst.sensitive);
  }

  // Sensitive root variables: their values are in the plan in plain text.
  const rootVars = modules.get('')?.variables;
  for (const [name, v] of entries(ownObj(doc, 'variables'))) {
    if (own(rootVars?.get(name), 'sensitive') === true) builder.secretsIn(own(v, 'value'), true);
  }
}

/**
 * Provisioner commands. The plan has a command's text only when it is constant; with references it
 * has only those. The .tf behind the plan, when found, gives the text.
 */
function provisionersOf(config: Obj, mapped: MappedSource | undefined, resolve: (texts: string[]) => Ref[]): ProvisionerInfo[] {
  const out: ProvisionerInfo[] = [];
  // The nth provisioner of a type in the plan is the nth of that type in the block.
  const seen = new Map<string, number>();
  for (const p of ownArray(config, 'provisioners')) {
    const type = ownString(p, 'type') ?? 'unknown';
    const nth = seen.get(type) ?? 0;
    seen.set(type, nth + 1);
    const expr = own(ownObj(p, 'expressions'), 'command');
    if (expr === undefined) {
      out.push({ type });
      continue;
    }
    const raw = mapped?.rawValue(`provisioner.${type}.command`, nth);
    const fromSource = raw !== undefined ? templateFromSource(raw, resolve) : undefined;
    const constant = own(expr, 'constant_value');
    const command: TemplateText =
      fromSource ?? (typeof constant === 'string' ? { known: true, pieces: [{ kind: 'text', text: constant }] } : { known: false, refs: resolve(referencesOf(expr)) });
    out.push({ type, command });
  }
  return out;
}
