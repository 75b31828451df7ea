/** firstSorted: the first few of a list by key, as a full sort would give them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { firstSorted } from '../src/engine/select.js';

const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

describe('firstSorted', () => {
  it('gives what sorting the whole list and keeping the first k gives (fast-check)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 300 }), fc.nat(320), (keys, k) => {
        const items = keys.map((key, i) => ({ key, i }));
        const expected = [...items].sort(byKey).slice(0, k);
        assert.deepEqual(firstSorted(items, k, (x) => x.key), expected);
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('handles lists already in order, in reverse order, and k of 0', () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `a${String(i).padStart(4, '0')}`);
    for (const list of [keys, [...keys].reverse()]) {
      assert.deepEqual(firstSorted(list, 5, (x) => x), keys.slice(0, 5));
      assert.deepEqual(firstSorted(list, 0, (x) => x), []);
    }
    assert.deepEqual(firstSorted(['b', 'a'], 5, (x) => x), ['a', 'b']);
  });
});
