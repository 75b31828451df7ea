/**
 * GitHub's `primaryLocationLineHash`, computed as its SARIF upload action does: a rolling
 * polynomial hash (base 37, mod 2^64) over the 100 characters from each line start, spaces and
 * tabs skipped, line ends normalised to LF, an end-of-file mark (65535) then zero padding;
 * written as unsigned hex with `:<n>`, the count of that hash so far in the file.
 * The 64-bit arithmetic is done in four 16-bit limbs to stay in plain numbers.
 */

const BLOCK = 100;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const EOF = 65535;

type Limbs = [number, number, number, number];

/** 37^100 mod 2^64, as limbs. */
const FIRST_MOD: Limbs = (() => {
  const v: Limbs = [1, 0, 0, 0];
  for (let i = 0; i < BLOCK; i++) mulAdd(v, 37, 0);
  return v;
})();

function mulAdd(h: Limbs, m: number, add: number): void {
  let carry = add;
  for (let i = 0; i < 4; i++) {
    const v = h[i]! * m + carry;
    h[i] = v & 0xffff;
    carry = Math.floor(v / 65536);
  }
}

function subMul(h: Limbs, f: Limbs, m: number): void {
  let carry = 0;
  let borrow = 0;
  for (let i = 0; i < 4; i++) {
    const p = f[i]! * m + carry;
    carry = Math.floor(p / 65536);
    let d = h[i]! - (p & 0xffff) - borrow;
    borrow = 0;
    if (d < 0) {
      d += 65536;
      borrow = 1;
    }
    h[i] = d;
  }
}

function hex(h: Limbs): string {
  const hi = h[3]! * 65536 + h[2]!;
  const lo = h[1]! * 65536 + h[0]!;
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/**
 * The hashes of the given 1-based lines of `text`. Stops once the last wanted line has its hash,
 * since a hash depends only on what follows its line and the count only on what precedes it.
 */
export function lineHashes(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  const last = Math.max(...wanted);
  const window = new Array<number>(BLOCK).fill(0);
  const lineNumbers = new Array<number>(BLOCK).fill(-1);
  const hash: Limbs = [0, 0, 0, 0];
  const counts = new Map<string, number>();
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  let done = false;

  const output = (): void => {
    const value = hex(hash);
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    const line = lineNumbers[index]!;
    if (wanted.has(line)) out.set(line, `${value}:${n}`);
    if (line >= last) done = true;
    lineNumbers[index] = -1;
  };
  const update = (current: number): void => {
    const begin = window[index]!;
    window[index] = current;
    mulAdd(hash, 37, current);
    subMul(hash, FIRST_MOD, begin);
    index = (index + 1) % BLOCK;
  };
  const process = (c: number): void => {
    let current = c;
    if (current === SPACE || current === TAB || (prevCR && current === LF)) {
      prevCR = false;
      return;
    }
    if (current === CR) {
      current = LF;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) output();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (current === LF) lineStart = true;
    update(current);
  };

  for (let i = 0; i < text.length && !done; i++) process(text.charCodeAt(i));
  if (!done) {
    process(EOF);
    for (let i = 0; i < BLOCK; i++) {
      if (lineNumbers[index] !== -1) output();
      update(0);
    }
  }
  return out;
}
