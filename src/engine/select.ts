/** The first few of a long list in sorted order, without sorting all of it. */
import { compare } from '../graph/build.js';

/**
 * The `k` items with the smallest keys, sorted by key (ties keep no particular order, so keys should be
 * distinct). Linear on average: a list of thousands of related resources is cut to the few a finding names.
 * `key` is called often: it should be a property read.
 */
export function firstSorted<T>(items: readonly T[], k: number, key: (item: T) => string): T[] {
  const byKey = (a: T, b: T): number => compare(key(a), key(b));
  if (items.length <= k) return [...items].sort(byKey);
  if (k <= 0) return [];
  const a = items.slice();
  // Quickselect: afterwards the k smallest keys are the first k entries, in no order.
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = key(a[(lo + hi) >>> 1]!);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (compare(key(a[i]!), pivot) < 0) i++;
      while (compare(key(a[j]!), pivot) > 0) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k - 1 <= j) hi = j;
    else if (k - 1 >= i) lo = i;
    else break;
  }
  a.length = k;
  return a.sort(byKey);
}
