/** primaryLocationLineHash: the 16-bit-limb implementation agrees with a plain BigInt transcription of GitHub's algorithm. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lineHashes } from '../src/report/line-hash.js';

/** GitHub's algorithm written the obvious way, with BigInt: the oracle. */
function reference(text: string): Map<number, string> {
  const M = 2n ** 64n;
  const BLOCK = 100;
  let firstMod = 1n;
  for (let i = 0; i < BLOCK; i++) firstMod = (firstMod * 37n) % M;
  const window = new Array<number>(BLOCK).fill(0);
  const lines = new Array<number>(BLOCK).fill(-1);
  let hash = 0n;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  const counts = new Map<string, number>();
  const out = new Map<number, string>();
  const output = (): void => {
    const v = hash.toString(16);
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    out.set(lines[index]!, `${v}:${n}`);
    lines[index] = -1;
  };
  const update = (c: number): void => {
    const begin = window[index]!;
    window[index] = c;
    hash = (((hash * 37n + BigInt(c) - firstMod * BigInt(begin)) % M) + M) % M;
    index = (index + 1) % BLOCK;
  };
  const process = (ch: number): void => {
    let c = ch;
    if (c === 32 || c === 9 || (prevCR && c === 10)) {
      prevCR = false;
      return;
    }
    if (c === 13) {
      c = 10;
      prevCR = true;
    } else prevCR = false;
    if (lines[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lines[index] = lineNumber;
    }
    if (c === 10) lineStart = true;
    update(c);
  };
  for (let i = 0; i < text.length; i++) process(text.charCodeAt(i));
  process(65535);
  for (let i = 0; i < BLOCK; i++) {
    if (lines[index] !== -1) output();
    update(0);
  }
  return out;
}

const textArb = fc
  .array(fc.oneof(fc.constantFrom(' ', '\t', '\r', '\n', '\r\n', '{', '}', '"', 'é', '😀', 'resource "x" "y" {'), fc.string({ maxLength: 30 })), { maxLength: 120 })
  .map((parts) => parts.join(''));

describe('primaryLocationLineHash', () => {
  it('matches the BigInt transcription on arbitrary text, for every line (fast-check)', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const want = reference(text);
        const got = lineHashes(text, new Set(want.keys()));
        assert.deepEqual(got, want);
      }),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('gives the same hashes when only some lines are asked for, in long text read only in part (fast-check)', () => {
    // Long runs of blanks and long lines make the text past 4,096 characters, where only a part is normalised;
    // repeated blocks make counts above 1.
    const piece = fc.oneof(
      textArb,
      fc.constantFrom(' '.repeat(5000), '\t'.repeat(9000), 'x'.repeat(5000), '\r'.repeat(3), '\r\n'.repeat(50)),
      fc.constant(`resource "a" "b" {\n  name = "x"\n}\n`.repeat(40)),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (parts, picks) => {
        const text = parts.join('');
        const want = reference(text);
        const lines = [...want.keys()];
        const asked = new Set(picks.map((p) => lines[p % lines.length]!));
        const got = lineHashes(text, asked);
        assert.deepEqual(got, new Map([...want].filter(([line]) => asked.has(line))));
      }),
      // A line whose first 4,096 characters are blanks, with text after them: the part read must grow.
      { numRuns: 200, seed: 4243, examples: [[['a\n', ' '.repeat(5000), 'b\nc\n', 'd'.repeat(200)], [1]], [['\t'.repeat(9000), 'x'], [0]]] },
    );
  });

  it('stays the same for a line when blank lines are inserted above it, and counts repeats', () => {
    // More than 100 non-blank characters, so a line's hash stays within its own copy of the block.
    const block = 'resource "azurerm_synapse_workspace" "this" {\n  name = "syn-production"\n  resource_group_name = azurerm_resource_group.this.name\n}\n';
    const a = lineHashes(block, new Set([1]));
    const b = lineHashes(`\n\n${block}`, new Set([3]));
    assert.equal(b.get(3), a.get(1));
    const twice = lineHashes(`${block}${block}`, new Set([1, 5]));
    assert.match(twice.get(1)!, /:1$/);
    assert.match(twice.get(5)!, /:2$/);
    assert.equal(twice.get(5)!.split(':')[0], twice.get(1)!.split(':')[0]);
  });

  it('ignores spaces, tabs and CRLF line ends', () => {
    const lf = lineHashes('a = 1\nb = 2\n', new Set([1, 2]));
    const crlf = lineHashes('a\t=1\r\n  b = 2\r\n', new Set([1, 2]));
    assert.deepEqual(crlf, lf);
  });
});

/** Published test vectors of GitHub's implementation (codeql-action's fingerprint tests): input, then the hash of each line. */
const VECTORS: [string, string[]][] = [
  ['', ['c129715d7a2bc9a3:1']],
  [' a\nb\n  \t\tc\n d', ['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']],
  [
    ' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n',
    ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'],
  ],
  [
    'Lorem ipsum dolor sit amet.\n'.repeat(10),
    ['a7f2ff13bc495cf2:1', 'a7f2ff13bc495cf2:2', 'a7f2ff13bc495cf2:3', 'a7f2ff13bc495cf2:4', 'a7f2ff13bc495cf2:5', 'a7f2ff13bc495cf2:6', 'a7f2ff1481e87703:1', 'a9cf91f7bbf1862b:1', '55ec222b86bcae53:1', 'cc97dc7b1d7d8f7b:1', 'c129715d7a2bc9a3:1'],
  ],
];

describe('primaryLocationLineHash, known values', () => {
  for (const [input, expected] of VECTORS) {
    it(`matches GitHub's published hashes for ${JSON.stringify(input).slice(0, 40)}`, () => {
      const lines = new Set(expected.map((_, i) => i + 1));
      const got = lineHashes(input, lines);
      assert.deepEqual(expected.map((_, i) => got.get(i + 1)), expected);
    });
  }
});
