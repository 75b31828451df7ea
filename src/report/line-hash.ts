/**
 * GitHub's `primaryLocationLineHash`, computed as its SARIF upload action does: a rolling
 * polynomial hash (base 37, mod 2^64) over the 100 characters from each line start, spaces and
 * tabs skipped, line ends normalised to LF, an end-of-file mark (65535) then zero padding;
 * written as unsigned hex with `:<n>`, the count of that hash so far in the file.
 *
 * A line's hash is a function of those 100 characters (its window), so the work is done on windows:
 * the text is normalised with regular expressions, each line's window is a slice of it, and repeats are
 * counted by window, which the engine hashes natively. Only the windows of the lines wanted are hashed
 * in JavaScript. Counting by window equals counting by hash unless two different windows have the same
 * 64-bit hash. Where the text is read character by character in JavaScript, a first run (before the
 * code is compiled) took four times as long as this.
 */

const BLOCK = 100;
const EOF = '\uffff';
const PADDING = '\u0000'.repeat(BLOCK);
const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;

/**
 * Files larger than this get no line hash from us: hashing is a pass over every character before the
 * last finding, and GitHub's upload action computes the hash itself from the checked-out file when a
 * result has none. Such files are plans without their .tf; `.tf` files are far smaller.
 */
export const MAX_HASHED_BYTES = 8 * 1024 * 1024;

/** Text as the hash reads it: CR LF and a lone CR are one LF, spaces and tabs are dropped. */
function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t]+/g, '');
}

const LINE_END = /\r\n?|\n/g;

/**
 * The normalised text far enough for the window of line `last`: up to 100 characters into that line,
 * or all of it with the end-of-file mark and the padding. A one-line plan is not read past its start.
 */
function stream(text: string, last: number): string {
  // Where line `last` starts: a line ends at LF, CR LF or a lone CR, as in the hash.
  let at = 0;
  LINE_END.lastIndex = 0;
  for (let line = 1; line < last; line++) {
    if (!LINE_END.test(text)) {
      at = text.length;
      break;
    }
    at = LINE_END.lastIndex;
  }
  for (let size = 4096; ; size *= 2) {
    // Cut after a lone CR, the next part of the text might begin with its LF; the window reads one LF either way.
    if (at + size >= text.length) return `${normalise(text)}${EOF}${PADDING}`;
    const tail = normalise(text.slice(at, at + size));
    if (tail.length >= BLOCK) return normalise(text.slice(0, at)) + tail;
  }
}

/** The polynomial hash of one window, mod 2^64 in two 32-bit halves held in doubles (exact below 2^53). */
function hashOf(window: string): string {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < BLOCK; i++) {
    const l = lo * 37 + window.charCodeAt(i);
    const carry = Math.floor(l * INV_TWO32);
    lo = l - carry * TWO32;
    const h = hi * 37 + carry;
    hi = h - Math.floor(h * INV_TWO32) * TWO32;
  }
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/**
 * The hashes of the given 1-based lines of `text`. Reads only up to the last wanted line's window,
 * since a hash depends only on what follows its line and the count only on what precedes it.
 */
export function lineHashes(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  if (wanted.size === 0) return out;
  let last = 0;
  for (const w of wanted) if (w > last) last = w;
  const s = stream(text, last);
  const seen = new Map<string, number>();
  let start = 0;
  for (let line = 1; line <= last; line++) {
    const window = s.slice(start, start + BLOCK);
    const n = (seen.get(window) ?? 0) + 1;
    seen.set(window, n);
    if (wanted.has(line)) out.set(line, `${hashOf(window)}:${n}`);
    // The padding has no LF: a line break found is in the text, and the next line starts at most at the mark.
    const lf = s.indexOf('\n', start);
    if (lf === -1) break;
    start = lf + 1;
  }
  return out;
}
