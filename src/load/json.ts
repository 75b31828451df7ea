/** Reading untrusted JSON: keys such as `constructor` or `__proto__` are data, never prototype members. */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Sets an own property: only `__proto__` is a setter on a plain object; every other key is an ordinary one. */
export function define(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** An own property, or undefined. */
export function own(o: unknown, key: string): unknown {
  return isObj(o) && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

/** Whether an unknown mask (a plan's `after_unknown`) marks an attribute path (`spark_config.content`: blocks are lists) unknown. */
export function unknownAt(mask: unknown, path: string): boolean {
  let t: unknown = mask;
  for (const k of path.split('.')) {
    if (t === true) return true;
    if (Array.isArray(t)) t = t[0];
    t = own(t, k);
  }
  return t === true;
}
