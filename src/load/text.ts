/** Bytes to text: BOMs, UTF-16, binary files and invalid UTF-8 are told apart here. */
import { InputError } from './errors.js';

/** Plans larger than this cannot be held as one JavaScript string. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024 - 1024;

/** `emptyIsText`: an empty file is empty text (a .tf or .tfvars file may be empty), not an error (a plan may not). */
export function decodeText(bytes: Uint8Array, file: string, emptyIsText = false): string {
  if (bytes.length === 0) {
    if (emptyIsText) return '';
    throw new InputError(file, 'the file is empty');
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputError(file, `the file is ${Math.round(bytes.length / 1048576)} MiB; at most 511 MiB can be read`);
  }
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3), file);
  if (b0 === 0xff && b1 === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (b0 === 0xfe && b1 === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (b0 === 0x50 && b1 === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new InputError(file, 'this is a binary plan file (zip); convert it with `terraform show -json <planfile> > plan.json` and lint that');
  }
  if (bytes.length >= 2 && (b0 === 0 || b1 === 0)) {
    const le = b1 === 0;
    throw new InputError(
      file,
      `the file looks like UTF-16 (${le ? 'little' : 'big'}-endian) without a byte order mark; save it as UTF-8 (PowerShell: \`terraform show -json tfplan | Out-File -Encoding utf8 plan.json\`)`,
    );
  }
  return utf8(bytes, file);
}

function utf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first bad byte to name it: the longest prefix that decodes (an unfinished last character is allowed).
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid;
      }
    }
    // The prefix may end inside a character whose next byte is the bad one: name where that character starts.
    let start = lo;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, lo));
    } catch {
      while (start > 0 && (bytes[start - 1]! & 0xc0) === 0x80) start--;
      if (start > 0 && bytes[start - 1]! >= 0xc0) start--;
    }
    throw new InputError(file, `the file is not valid UTF-8 (first bad byte at offset ${start})`);
  }
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

/** JSON.parse with a one-line error naming the line and column. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(file, 'the JSON is nested too deeply to read');
    const message = e instanceof Error ? e.message : String(e);
    const m = /at position (\d+)/.exec(message);
    // V8 gives no position when it quotes the text instead (`Unexpected token 'g', "garbage" is not valid JSON`).
    const offset = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : jsonErrorOffset(text);
    const where = lineColumn(text, offset);
    const what = message
      .replace(/ at position \d+.*$/s, '')
      .replace(/ in JSON$/, '')
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/'(\s)'/, (_, c: string) => `'${JSON.stringify(c).slice(1, -1)}'`)
      .replace(/\s+/g, ' ');
    throw new InputError(file, `invalid JSON at line ${where.line}, column ${where.column}: ${what}`);
  }
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_ESCAPES = '"\\/bfnrt';

/** The offset of the first character of `text` that is not valid JSON where it stands (`text.length` for JSON cut short). */
export function jsonErrorOffset(text: string): number {
  const n = text.length;
  let i = 0;
  const space = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = text.charCodeAt(++i));
  };
  /** A string at `i` (its opening quote): past it, or false with `i` at what is wrong. */
  const string = (): boolean => {
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c !== 92) continue;
      const e = text[++i];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
        i += 4;
      } else if (e === undefined || !JSON_ESCAPES.includes(e)) return false;
    }
    return false;
  };
  const scalar = (): boolean => {
    if (text[i] === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    JSON_NUMBER.lastIndex = i;
    if (JSON_NUMBER.exec(text) === null) return false;
    i = JSON_NUMBER.lastIndex;
    return true;
  };
  /** A member's name and colon, after `{` or a comma. */
  const name = (): boolean => {
    space();
    if (text[i] !== '"' || !string()) return false;
    space();
    if (text[i] !== ':') return false;
    i++;
    return true;
  };
  const closers: string[] = [];
  for (;;) {
    space();
    const open = text[i];
    if (open === '{' || open === '[') {
      const close = open === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] !== close) {
        closers.push(close);
        if (close === '}' && !name()) return Math.min(i, n);
        continue;
      }
      i++;
    } else if (!scalar()) return Math.min(i, n);
    // After a value: closers, then a comma and the next value, or the end.
    for (;;) {
      space();
      const close = closers.at(-1);
      if (close === undefined) return Math.min(i, n);
      if (text[i] === close) {
        i++;
        closers.pop();
        continue;
      }
      if (text[i] !== ',') return Math.min(i, n);
      i++;
      if (close === '}' && !name()) return Math.min(i, n);
      break;
    }
  }
}
