/** Where each address first appears in a plan's text: the scanner agrees with a plain regular-expression reading. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addressLines } from '../src/load/plan.js';
import type { SourceRange } from '../src/graph/types.js';

/** The obvious reading, slow on large plans: a regular expression over the whole text. */
function byRegex(text: string, file: string): Map<string, SourceRange> {
  const out = new Map<string, SourceRange>();
  const re = /"address"[ \t\r\n]*:[ \t\r\n]*"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    let addr: string;
    try {
      addr = JSON.parse(`"${m[1]}"`) as string;
    } catch {
      continue;
    }
    if (out.has(addr)) continue;
    const before = text.slice(0, m.index);
    const line = before.split('\n').length;
    const startColumn = m.index - (before.lastIndexOf('\n') + 1) + 1;
    out.set(addr, { file, startLine: line, startColumn, endLine: line, endColumn: startColumn + m[0].length });
  }
  return out;
}

const address = fc.oneof(
  fc.constantFrom('azurerm_x.y', 'module.a["k"].azurerm_x.y[0]', 'a\\"b', 'x\\\\', 'x\\\\\\"y', 'tab\\there', 'bad\\q', 'u\\u0041'),
  fc.stringMatching(/^[a-z_.\[\]"0-9]{0,12}$/).map((s) => s.replace(/"/g, '\\"')),
);
const space = fc.constantFrom('', ' ', '\n', '  \n\t', '\r\n');
const entry = fc.tuple(space, space, space, address, fc.constantFrom('', ',', '\n', '{"address":1}', '"address"', '"address": 5,')).map(
  ([a, b, c, addr, tail]) => `${a}{"address"${b}:${c}"${addr}"}${tail}`,
);

describe('addressLines', () => {
  it('finds what the regular expression finds, at the same lines and columns (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (entries) => {
        const text = `[${entries.join('')}]`;
        assert.deepEqual(addressLines(text, 'p.json'), byRegex(text, 'p.json'));
      }),
      { seed: 20261128, numRuns: 2000 },
    );
  });

  it('with the addresses wanted, finds only those, the same as without (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('', 'x.absent'), (entries, picks, absent) => {
        const text = `[${entries.join('')}]`;
        const all = byRegex(text, 'p.json');
        const keys = [...all.keys()];
        const wanted = new Set(picks.filter(() => keys.length > 0).map((p) => keys[p % keys.length]!));
        if (absent) wanted.add(absent);
        assert.deepEqual(addressLines(text, 'p.json', wanted), new Map([...all].filter(([a]) => wanted.has(a))));
      }),
      { seed: 20261129, numRuns: 2000 },
    );
  });

  it('places the first appearance of each address', () => {
    const text = '{\n  "planned_values": [{"address": "a.b"}],\n  "resource_changes": [\n    {"address":"a.b"}, {"address" : "m[\\"k\\"].c.d"}\n  ]\n}';
    const got = addressLines(text, 'p.json');
    assert.deepEqual(got.get('a.b'), { file: 'p.json', startLine: 2, startColumn: 23, endLine: 2, endColumn: 39 });
    assert.deepEqual(got.get('m["k"].c.d'), { file: 'p.json', startLine: 4, startColumn: 25, endLine: 4, endColumn: 51 });
    assert.equal(got.size, 2);
  });
});
