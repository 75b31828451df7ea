/** Reading attribute values as known, unknown or absent. */
import type { GraphNode, Key, Path, Val } from './types.js';

const ABSENT: Val = Object.freeze({ state: 'absent' });

/** Rules read the same few attribute paths over and over: parse each once. */
const parsedPaths = new Map<string, Path>();

export function toPath(path: Path | string): Path {
  if (typeof path !== 'string') return path;
  const hit = parsedPaths.get(path);
  if (hit) return hit;
  const parsed = parsePath(path);
  if (parsedPaths.size < 10_000) parsedPaths.set(path, parsed);
  return parsed;
}

function parsePath(path: string): Path {
  const out: Key[] = [];
  for (const part of path.split('.')) {
    // Stryker disable next-line ConditionalExpression: an empty part matches the pattern with no name and no index, and adds nothing either way
    if (part === '') continue;
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    // Stryker disable next-line StringLiteral: group 2 always takes part in a match, so m[2] is never undefined
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
    if (/^\d+$/.test(part)) out[out.length - 1] = Number(part);
  }
  return out;
}

function child(tree: unknown, key: Key): unknown {
  if (tree === null || typeof tree !== 'object') return undefined;
  if (Array.isArray(tree)) return typeof key === 'number' ? tree[key] : undefined;
  return Object.prototype.hasOwnProperty.call(tree, key) ? (tree as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads `path` from a node. A block written once (`spark_config { }`) is a
 * one-element list in plan values; a string key step into a list reads its
 * first element, so `spark_config.content` works as well as `spark_config.0.content`.
 */
export function read(node: GraphNode, path: Path | string): Val {
  if (!node.declared) return { state: 'unknown', sensitive: false };
  let value: unknown = node.values;
  let unknown: unknown = node.unknown;
  let sensitive: unknown = node.sensitive;
  let isSensitive = sensitive === true;
  for (let key of toPath(path)) {
    if (unknown === true) return { state: 'unknown', sensitive: isSensitive };
    if (typeof key === 'string' && Array.isArray(value)) {
      // An empty list of blocks: `unknown` is not true here (the loop returned above), so there is nothing to read.
      if (value.length === 0) return ABSENT;
      value = value[0];
      unknown = child(unknown, 0);
      sensitive = child(sensitive, 0);
      if (sensitive === true) isSensitive = true;
      if (unknown === true) return { state: 'unknown', sensitive: isSensitive };
    }
    const v = child(value, key);
    unknown = child(unknown, key);
    sensitive = child(sensitive, key);
    if (sensitive === true) isSensitive = true;
    if (unknown === true) return { state: 'unknown', sensitive: isSensitive };
    if (v === undefined) return node.unsetIsUnknown === true ? { state: 'unknown', sensitive: isSensitive } : ABSENT;
    value = v;
  }
  if (unknown === true) return { state: 'unknown', sensitive: isSensitive };
  if (value === null) return ABSENT;
  return { state: 'known', value, sensitive: isSensitive || containsTrue(sensitive) };
}

function containsTrue(tree: unknown): boolean {
  if (tree === true) return true;
  if (tree === null || typeof tree !== 'object') return false;
  for (const v of Object.values(tree)) if (containsTrue(v)) return true;
  return false;
}

/** The known string at `path`, or undefined. */
export function knownString(node: GraphNode, path: Path | string): string | undefined {
  const v = read(node, path);
  // Stryker disable next-line ConditionalExpression: only a known Val has a value; for the others v.value is undefined
  return v.state === 'known' && typeof v.value === 'string' ? v.value : undefined;
}

/** Tri-state boolean: true, false, or 'unknown'. Absent counts as `absentMeans`. */
export function readBool(node: GraphNode, path: Path | string, absentMeans: boolean): boolean | 'unknown' {
  const v = read(node, path);
  // Stryker disable next-line ConditionalExpression,StringLiteral: an unknown Val has no value, so the checks below also answer 'unknown'
  if (v.state === 'unknown') return 'unknown';
  if (v.state === 'absent') return absentMeans;
  if (typeof v.value === 'boolean') return v.value;
  if (v.value === 'true') return true;
  if (v.value === 'false') return false;
  return 'unknown';
}
