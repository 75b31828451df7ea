/**
 * Terraform's override files: `override.tf`, `*_override.tf` and their `.tf.json` forms. Terraform
 * reads a module's primary files first, then merges each override file's blocks into the blocks of
 * the same kind and name, file by file in name order. An argument replaces the one of the same name;
 * nested blocks of a type replace every block of that type, `dynamic` ones too; `lifecycle` settings
 * are merged one by one. Bodies here are in hcl2json's shape: a nested block is a key whose value is
 * a list of bodies, and `dynamic` blocks are under `dynamic`, by the type they make.
 */
import path from 'node:path';
import { define, isObj, own, type Obj } from './json.js';

/** Whether a file is an override file: its name without `.tf` or `.tf.json` is `override` or ends in `_override`. */
export function isOverrideFile(file: string): boolean {
  const base = path.basename(file);
  const stem = base.endsWith('.tf.json') ? base.slice(0, -'.tf.json'.length) : base.endsWith('.tf') ? base.slice(0, -'.tf'.length) : undefined;
  return stem !== undefined && (stem === 'override' || stem.endsWith('_override'));
}

/** Terraform's reading order: the primary files, then the override files, each kept in the order given. */
export function readingOrder<T>(files: readonly T[], name: (f: T) => string): T[] {
  return [...files.filter((f) => !isOverrideFile(name(f))), ...files.filter((f) => isOverrideFile(name(f)))];
}

/** `depends_on` may not be overridden: Terraform rejects the configuration. */
export const DEPENDS_ON_OVERRIDE = 'depends_on cannot be overridden (Terraform rejects the configuration); the override of it is ignored';

export interface Merged {
  readonly body: Obj;
  /** The override set `depends_on`, which Terraform does not allow; it was left out. */
  readonly dependsOnIgnored: boolean;
}

/** The first body of a nested block, as hcl2json lists it. */
function firstBody(v: unknown): Obj | undefined {
  const b = Array.isArray(v) ? v[0] : v;
  return isObj(b) ? b : undefined;
}

/**
 * hcl2json bodies merged as Terraform merges bodies: each key of `over` replaces the same key of
 * `base`, and a block type written in `over` (as a block or a `dynamic` block) replaces all of
 * `base`'s blocks of that type. Keys in `skip` are left as `base` has them.
 */
function mergeBodies(base: Obj, over: Obj, skip: ReadonlySet<string>): Obj {
  const out: Obj = { ...base };
  const baseDynamic = own(base, 'dynamic');
  let dynamic: Obj | undefined = isObj(baseDynamic) ? { ...baseDynamic } : undefined;
  for (const k of Object.keys(over)) {
    if (skip.has(k)) continue;
    const v = over[k];
    if (k === 'dynamic' && isObj(v)) {
      for (const type of Object.keys(v)) {
        delete out[type];
        define((dynamic ??= {}), type, v[type]);
      }
      continue;
    }
    define(out, k, v);
    if (dynamic && Object.prototype.hasOwnProperty.call(dynamic, k)) delete dynamic[k];
  }
  if (dynamic && Object.keys(dynamic).length > 0) define(out, 'dynamic', dynamic);
  else delete out.dynamic;
  return out;
}

const RESOURCE_SEPARATE = new Set(['lifecycle', 'depends_on']);
const LIFECYCLE_MERGED = ['create_before_destroy', 'prevent_destroy'];

/** `ignore_changes = all`, which hcl2json writes as `${all}`. */
function ignoresAll(v: unknown): boolean {
  return typeof v === 'string' && /^\s*(?:\$\{\s*all\s*\}|all)\s*$/.test(v);
}

/**
 * Whether an override's `ignore_changes` replaces the one before it (for .tf here, and for the .tf
 * behind a plan in source-map.ts): an empty list overrides nothing, and nothing undoes `all`.
 */
export function overridesIgnoreChanges(before: 'all' | readonly unknown[] | undefined, over: 'all' | readonly unknown[]): boolean {
  return before !== 'all' && (over === 'all' || over.length > 0);
}

/** An hcl2json `ignore_changes` value: `all`, or its list (an expression string stands for a list of one). */
function ignoreList(v: unknown): 'all' | readonly unknown[] | undefined {
  return ignoresAll(v) ? 'all' : Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
}

/**
 * A resource or data block with an override merged in. Besides the body merge, `count`,
 * `for_each`, `provider`, `connection` and the provisioners (all of them, when the override has
 * any) are replaced, and `lifecycle`'s `create_before_destroy`, `prevent_destroy` and
 * `ignore_changes` are taken one by one (an empty `ignore_changes` is not taken, and a base's
 * `ignore_changes = all` stays). Its other settings are the base's.
 */
export function mergeResource(base: Obj, over: Obj): Merged {
  const body = mergeBodies(base, over, RESOURCE_SEPARATE);
  const o = firstBody(own(over, 'lifecycle'));
  if (o) {
    const lifecycle: Obj = { ...(firstBody(own(base, 'lifecycle')) ?? {}) };
    for (const k of LIFECYCLE_MERGED) if (Object.prototype.hasOwnProperty.call(o, k)) lifecycle[k] = o[k];
    const ignore = own(o, 'ignore_changes');
    const over = ignoreList(ignore);
    if (over !== undefined && overridesIgnoreChanges(ignoreList(own(lifecycle, 'ignore_changes')), over)) lifecycle.ignore_changes = ignore;
    body.lifecycle = [lifecycle];
  }
  return { body, dependsOnIgnored: own(over, 'depends_on') !== undefined };
}

/** A module call with an override merged in: its arguments, `source`, `version`, `count`, `for_each` and `providers` are replaced. */
export function mergeModuleCall(base: Obj, over: Obj): Merged {
  return { body: mergeBodies(base, over, new Set(['depends_on'])), dependsOnIgnored: own(over, 'depends_on') !== undefined };
}

const VARIABLE_MERGED = new Set(['description', 'sensitive', 'default', 'type', 'nullable']);
const OUTPUT_MERGED = new Set(['description', 'value', 'sensitive']);

/** A variable or output with an override merged in: only the settings Terraform takes from an override. */
export function mergeSettings(kind: 'variable' | 'output', base: Obj, over: Obj): Merged {
  const body: Obj = { ...base };
  const taken = kind === 'variable' ? VARIABLE_MERGED : OUTPUT_MERGED;
  for (const k of Object.keys(over)) if (taken.has(k)) define(body, k, over[k]);
  return { body, dependsOnIgnored: kind === 'output' && own(over, 'depends_on') !== undefined };
}
