/** The knowledge file rules/catalog.json, validated against its schema when loaded. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ErrorObject } from 'ajv';
import { validateCatalog } from './generated/validators.js';
import type { Catalog as CatalogData, StoreType } from './generated/catalog.js';

export type { StoreType };

export interface HostMatch {
  /** The resource name the host names. */
  readonly name: string;
  readonly host: string;
  /** Store types served by this host (Service Bus and Event Hubs share one zone), with the group the host belongs to. */
  readonly types: readonly { readonly store: StoreType; readonly group?: string }[];
}

export interface Catalog {
  readonly stores: readonly StoreType[];
  byArmType(armType: string): StoreType | undefined;
  byTerraformType(type: string): StoreType | undefined;
  /** Every store named in `text` by its host (URLs, JDBC strings, Spark settings) or by a storage connection string's AccountName. */
  findHosts(text: string): readonly HostMatch[];
  isSynapseType(type: string): boolean;
  /** A linked service type whose endpoint is outside Azure PaaS. */
  isExternalLinkedService(type: string): boolean;
  /** The group of `type` equal to `group` ignoring case, in canonical casing. */
  canonicalGroup(store: StoreType, group: string): string | undefined;
}

const root = new URL('../../', import.meta.url);

export function readCatalogFiles(): { data: unknown; schema: object } {
  const data: unknown = JSON.parse(readFileSync(new URL('rules/catalog.json', root), 'utf8'));
  return {
    data,
    get schema(): object {
      return JSON.parse(readFileSync(new URL('rules/catalog.schema.json', root), 'utf8')) as object;
    },
  };
}

export class CatalogError extends Error {}

/**
 * Validates `data` against the catalog schema and builds its look-ups. With a schema, the schema is
 * compiled (tests of changed schemas); without, the validator compiled at build time is used.
 */
export function createCatalog(data: unknown, schema?: object): Catalog {
  const validate: { (d: unknown): boolean; errors?: ErrorObject[] | null } = schema ? compileSchema(schema) : validateCatalog;
  if (!validate(data)) {
    const first = validate.errors?.[0];
    throw new CatalogError(`catalog: ${first?.instancePath || '/'}: ${first?.message ?? 'is invalid'}`);
  }
  return buildCatalog(data as CatalogData);
}

/** ajv itself is loaded only to compile a schema given at run time (tests); a run uses the validator compiled at build. */
function compileSchema(schema: object): (d: unknown) => boolean {
  const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass };
  return new Ajv({ allErrors: true, strict: true }).compile(schema);
}

const NO_HOSTS: readonly HostMatch[] = Object.freeze([]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function buildCatalog(data: CatalogData): Catalog {
  const byArm = new Map<string, StoreType>();
  const byArmExact = new Map<string, StoreType>();
  const byTf = new Map<string, StoreType>();
  const bySuffix = new Map<string, { store: StoreType; group?: string }[]>();
  for (const store of data.stores) {
    byArm.set(store.armType.toLowerCase(), store);
    byArmExact.set(store.armType, store);
    for (const t of store.terraformTypes) byTf.set(t, store);
    for (const h of store.hosts) {
      const suffix = h.pattern.slice('{name}'.length).toLowerCase();
      const list = bySuffix.get(suffix) ?? [];
      list.push(h.group !== undefined ? { store, group: h.group } : { store });
      bySuffix.set(suffix, list);
    }
  }
  const suffixes = [...bySuffix.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const hostRe =
    suffixes.length > 0
      ? new RegExp(`(?<![A-Za-z0-9-])([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(${suffixes.map(escapeRegExp).join('|')})(?![A-Za-z0-9-])`, 'gi')
      : undefined;
  // Every host ends in one of a few labels (`.net`, `.com`, `.io`): a cheap test of those skips the full pattern for most text.
  const tails = [...new Set(suffixes.map((s) => s.slice(s.lastIndexOf('.'))))];
  const tailRe = tails.length > 0 ? new RegExp(tails.map(escapeRegExp).join('|'), 'i') : undefined;
  const dotted = suffixes.every((s) => s.includes('.'));
  const synapseTypes = new Set(data.synapseResourceTypes);
  const external = new Set(data.externalLinkedServiceTypes.map((t) => t.toLowerCase()));
  return {
    stores: data.stores,
    // Nodes carry the catalog's own spelling: that is found without making a lower-case copy.
    byArmType: (armType) => byArmExact.get(armType) ?? byArm.get(armType.toLowerCase()),
    byTerraformType: (type) => byTf.get(type),
    findHosts(text) {
      // Most values are names and settings: without a dot there is no host, and without `=` no connection string.
      if (dotted && !text.includes('.') && !text.includes('=')) return NO_HOSTS;
      const hosts = hostRe !== undefined && tailRe?.test(text) === true;
      // Most strings name no host: they make no list.
      if (!hosts && !text.includes('AccountName=')) return NO_HOSTS;
      const out: HostMatch[] = [];
      for (const m of hosts ? text.matchAll(hostRe) : []) {
        const name = (m[1] ?? '').toLowerCase();
        const suffix = (m[2] ?? '').toLowerCase();
        // `x.privatelink.blob.core.windows.net` names the zone, not a resource called `privatelink`.
        if (name === 'privatelink') continue;
        out.push({ name, host: name + suffix, types: bySuffix.get(suffix) ?? [] });
      }
      // Storage connection strings name the account without a host: `AccountName=acct;AccountKey=...`.
      const storage = byArm.get('microsoft.storage/storageaccounts');
      if (storage && text.includes('AccountName=')) {
        for (const m of text.matchAll(/(?<![A-Za-z])AccountName=([a-z0-9]{3,24})(?![a-z0-9])/g)) {
          const name = m[1]!;
          if (!out.some((h) => h.name === name)) out.push({ name, host: `AccountName=${name}`, types: [{ store: storage }] });
        }
      }
      return out;
    },
    isSynapseType: (type) => synapseTypes.has(type),
    isExternalLinkedService: (type) => external.has(type.toLowerCase()),
    canonicalGroup(store, group) {
      const g = group.toLowerCase();
      return store.groups.find((x) => x.toLowerCase() === g);
    },
  };
}

let cached: Catalog | undefined;

/** The bundled catalog, loaded once. */
export function bundledCatalog(): Catalog {
  if (!cached) {
    const { data } = readCatalogFiles();
    cached = createCatalog(data);
  }
  return cached;
}
