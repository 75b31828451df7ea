/** .synapse-lint.json: found from the input upward or given with --config, validated against its published schema. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { validateConfig } from './generated/validators.js';
import { bundledCatalog, CatalogError, createCatalog, readCatalogFiles, type Catalog } from './catalog.js';
import type { Level } from './engine/types.js';
import type { SynapseLintConfig } from './generated/config.js';
import { InputError } from './load/errors.js';
import { parseJson } from './load/text.js';

export type { SynapseLintConfig };

export const CONFIG_FILE = '.synapse-lint.json';

/** Rule IDs a configuration may name: set by the CLI, so that a misspelt ID is an error, not a silent no-op. */
const KNOWN_RULES = new Set<string>();
export function registerRuleIds(ids: Iterable<string>): void {
  for (const id of ids) KNOWN_RULES.add(id);
}

export interface Config {
  /** The file, as shown in messages; undefined for the defaults. */
  readonly file?: string;
  /** Folder the file's globs are relative to. */
  readonly dir: string;
  readonly data: SynapseLintConfig;
  readonly catalog: Catalog;
}

/** Compiled at build time (scripts/gen-validators.ts). */
const validator = validateConfig;

function validate(data: unknown, shown: string): SynapseLintConfig {
  if (!validator(data)) {
    // A bad key (propertyNames) is reported at its parent, and its pattern error first: name the key itself.
    const named = validator.errors?.find((x) => x.keyword === 'propertyNames');
    const e = named ? { ...validator.errors![0]!, instancePath: named.instancePath, message: `${String(named.params.propertyName)} is not a rule ID (SYN and three digits)`, params: named.params } : validator.errors?.[0];
    const key = named ? `/${String(named.params.propertyName)}` : '';
    const where = `${e?.instancePath ?? ''}${key}` || '/';
    const extra = named ? '' : e?.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : e?.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    throw new InputError(shown, `${where}: ${e?.message ?? 'is invalid'}${extra}`);
  }
  return data as SynapseLintConfig;
}

/** The nearest .synapse-lint.json from `start` (a file or folder) upward. */
export function findConfig(start: string): string | undefined {
  let dir = path.resolve(start);
  if (existsSync(dir) && !isDirectory(dir)) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** No configuration file: the defaults (the catalog is read when first needed). */
export function defaultConfig(dir: string): Config {
  return {
    dir,
    data: {},
    get catalog(): Catalog {
      return bundledCatalog();
    },
  };
}

/** Reads and checks a configuration file; errors name the file and the key path. */
export function loadConfig(file: string, cwd: string): Config {
  const abs = path.resolve(cwd, file);
  const shown = (path.relative(cwd, abs) || path.basename(abs)).split(path.sep).join('/');
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new InputError(shown, 'no such file or directory');
  }
  const data = validate(parseJson(text, shown), shown);
  let catalog = bundledCatalog();
  if (data.storeTypes && data.storeTypes.length > 0) {
    const { data: bundled } = readCatalogFiles();
    const merged = { ...(bundled as object), stores: [...((bundled as { stores: unknown[] }).stores ?? []), ...data.storeTypes] };
    try {
      catalog = createCatalog(merged);
    } catch (e) {
      if (!(e instanceof CatalogError)) throw e;
      // Catalog paths point into the merged list: name the configuration's entry.
      const count = (bundled as { stores: unknown[] }).stores.length;
      const msg = e.message.replace(/^catalog: \/stores\/(\d+)/, (_, i: string) => `/storeTypes/${Number(i) - count}`);
      throw new InputError(shown, msg);
    }
  }
  for (const id of Object.keys(data.rules ?? {})) {
    if (!KNOWN_RULES.has(id)) throw new InputError(shown, `/rules/${id}: no rule ${id} (see --list-rules)`);
  }
  return { file: shown, dir: path.dirname(abs), data, catalog };
}

/** Parses `--rule ID=LEVEL` options. */
export function parseRuleOptions(values: readonly string[]): Map<string, Level | 'off'> {
  const out = new Map<string, Level | 'off'>();
  for (const v of values) {
    const m = /^(SYN\d{3})=(error|warning|note|off)$/.exec(v);
    if (!m) throw new InputError('--rule', `"${v}" is not ID=LEVEL (LEVEL: error, warning, note or off)`);
    out.set(m[1]!, m[2] as Level | 'off');
  }
  return out;
}
