/**
 * Redaction of sensitive values from report text. A plan can hold thousands of secrets (a password
 * per workspace), so matching is one pass over the text with an Aho–Corasick automaton, not a
 * search per secret.
 */

export const REDACTED = '(sensitive value)';

/** Values shorter than this (`true`, a port) would blank ordinary words and cannot identify a secret alone. */
const MIN_LENGTH = 4;

/**
 * The automaton works on UTF-16 code units: a secret's code units appear in a text exactly where its
 * characters do, and no text is split into an array of characters per message.
 */
export class Redactor {
  /** Per state, its transitions by code unit. */
  readonly #next: Map<number, number>[] = [new Map()];
  readonly #fail: number[] = [0];
  /** Per state, the length of the longest secret ending there, 0 when none. */
  readonly #out: number[] = [0];
  /** Code units that occur in some secret: any other one sends the automaton back to the root. */
  readonly #used = new Uint8Array(65536);
  readonly #empty: boolean;

  constructor(secrets: Iterable<string>) {
    let any = false;
    const next = this.#next;
    for (const s of secrets) {
      if (s.length < MIN_LENGTH) continue;
      any = true;
      let at = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        this.#used[c] = 1;
        let to = next[at]!.get(c);
        if (to === undefined) {
          to = next.length;
          next.push(new Map());
          this.#fail.push(0);
          this.#out.push(0);
          next[at]!.set(c, to);
        }
        at = to;
      }
      this.#out[at] = Math.max(this.#out[at]!, s.length);
    }
    this.#empty = !any;
    // Breadth-first failure links; a state also reports the longest secret of its failure chain.
    const queue: number[] = [...next[0]!.values()];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const [c, v] of next[u]!) {
        let f = this.#fail[u]!;
        while (f !== 0 && !next[f]!.has(c)) f = this.#fail[f]!;
        const target = next[f]!.get(c);
        this.#fail[v] = target !== undefined && target !== v ? target : 0;
        this.#out[v] = Math.max(this.#out[v]!, this.#out[this.#fail[v]!]!);
        queue.push(v);
      }
    }
  }

  /** `text` with every secret in it replaced. */
  redact(text: string): string {
    if (this.#empty) return text;
    const next = this.#next;
    const used = this.#used;
    let cut: [number, number][] | undefined;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (used[c] === 0) {
        at = 0;
        continue;
      }
      while (at !== 0 && !next[at]!.has(c)) at = this.#fail[at]!;
      at = next[at]!.get(c) ?? 0;
      const len = this.#out[at]!;
      if (len > 0) (cut ??= []).push([i - len + 1, i + 1]);
    }
    if (cut === undefined) return text;
    // Merge overlapping matches, then rebuild the text.
    cut.sort((a, b) => a[0] - b[0]);
    let out = '';
    let pos = 0;
    for (const [s, e] of cut) {
      if (e <= pos) continue;
      // A match overlapping the previous one extends it.
      if (s >= pos || pos === 0) {
        out += text.slice(pos, s);
        out += REDACTED;
      }
      pos = e;
    }
    return out + text.slice(pos);
  }
}
