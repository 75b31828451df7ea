/**
 * GitHub's `primaryLocationLineHash`, computed as its SARIF upload action does: a rolling
 * polynomial hash (base 37, mod 2^64) over the 100 characters from each line start, spaces and
 * tabs skipped, line ends normalised to LF, an end-of-file mark (65535) then zero padding;
 * written as unsigned hex with `:<n>`, the count of that hash so far in the file.
 * The 64-bit arithmetic is done in two 32-bit halves held in doubles (exact below 2^53),
 * which keeps a pass over a large plan fast.
 */

const BLOCK = 100;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const EOF = 65535;
const TWO32 = 4294967296;

/** 37^100 mod 2^64, as high and low 32-bit halves. */
const [FIRST_HI, FIRST_LO] = ((): [number, number] => {
  let v = 1n;
  for (let i = 0; i < BLOCK; i++) v = (v * 37n) % 2n ** 64n;
  return [Number(v >> 32n), Number(v & 0xffffffffn)];
})();

/**
 * Files larger than this get no line hash from us: hashing is a pass over every character before the
 * last finding, and GitHub's upload action computes the hash itself from the checked-out file when a
 * result has none. Such files are plans without their .tf; `.tf` files are far smaller.
 */
export const MAX_HASHED_BYTES = 8 * 1024 * 1024;

/**
 * The hashes of the given 1-based lines of `text`. Stops once the last wanted line has its hash,
 * since a hash depends only on what follows its line and the count only on what precedes it.
 * One loop with its state in local variables: state captured by closures would be boxed, and
 * allocate at every character.
 */
export function lineHashes(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  let last = 0;
  for (const w of wanted) if (w > last) last = w;
  const window = new Uint16Array(BLOCK);
  const lineNumbers = new Int32Array(BLOCK).fill(-1);
  const counts = new Map<string, number>();
  let hi = 0;
  let lo = 0;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;
  // The text, then the end-of-file mark, then BLOCK zeros that flush the hashes of the last lines.
  const end = text.length + 1 + BLOCK;
  for (let i = 0; i < end; i++) {
    let current: number;
    if (i <= text.length) {
      current = i < text.length ? text.charCodeAt(i) : EOF;
      if (current === SPACE || current === TAB || (prevCR && current === LF)) {
        prevCR = false;
        continue;
      }
      if (current === CR) {
        current = LF;
        prevCR = true;
      } else prevCR = false;
    } else current = 0;
    // The window is full from here: the hash of the line that starts at its oldest character is complete.
    const line = lineNumbers[index]!;
    if (line !== -1) {
      // Counted under a four-character key; written as hex only for the lines wanted.
      const key = String.fromCharCode(hi >>> 16, hi & 0xffff, lo >>> 16, lo & 0xffff);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (wanted.has(line)) out.set(line, `${hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0')}:${n}`);
      lineNumbers[index] = -1;
      if (line >= last) break;
    }
    if (i <= text.length) {
      if (lineStart) {
        lineStart = false;
        lineNumber++;
        lineNumbers[index] = lineNumber;
      }
      if (current === LF) lineStart = true;
    }
    // h = h * 37 + current - FIRST * begin (mod 2^64), low half first, its carry into the high half.
    const begin = window[index]!;
    window[index] = current;
    const l = lo * 37 + current - FIRST_LO * begin;
    const carry = Math.floor(l / TWO32);
    lo = l - carry * TWO32;
    const h = hi * 37 - FIRST_HI * begin + carry;
    hi = h - Math.floor(h / TWO32) * TWO32;
    index = index === BLOCK - 1 ? 0 : index + 1;
  }
  return out;
}
