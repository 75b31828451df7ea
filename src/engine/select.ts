/** The first few of a long list in sorted order, without sorting all of it. */
import { compare } from '../graph/build.js';

/**
 * The `k` items with the smallest keys, sorted by key (ties keep no particular order, so keys should be
 * distinct). Linear on average: a list of thousands of related resources is cut to the few a finding names.
 */
export function firstSorted<T>(items: readonly T[], k: number, key: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  if (keyed.length > k && k > 0) {
    // Quickselect: afterwards the k smallest keys are the first k entries, in no order.
    let lo = 0;
    let hi = keyed.length - 1;
    while (lo < hi) {
      const pivot = keyed[(lo + hi) >>> 1]!.key;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (compare(keyed[i]!.key, pivot) < 0) i++;
        while (compare(keyed[j]!.key, pivot) > 0) j--;
        if (i <= j) {
          const t = keyed[i]!;
          keyed[i] = keyed[j]!;
          keyed[j] = t;
          i++;
          j--;
        }
      }
      if (k - 1 <= j) hi = j;
      else if (k - 1 >= i) lo = i;
      else break;
    }
  }
  const first = keyed.length > k ? keyed.slice(0, Math.max(k, 0)) : keyed;
  return first.sort((a, b) => compare(a.key, b.key)).map((e) => e.item);
}
