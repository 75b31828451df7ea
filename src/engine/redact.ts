/**
 * Redaction of sensitive values from report text. A plan can hold thousands of secrets (a password
 * per workspace), so matching is one pass over the text with an Aho–Corasick automaton, not a
 * search per secret.
 */

export const REDACTED = '(sensitive value)';

/** Values shorter than this (`true`, a port) would blank ordinary words and cannot identify a secret alone. */
const MIN_LENGTH = 4;

/** The label of a state with no transition, and of one with several (kept in a map). */
const NONE = -1;
const SEVERAL = -2;

/**
 * The automaton works on UTF-16 code units: a secret's code units appear in a text exactly where its
 * characters do, and no text is split into an array of characters per message.
 */
export class Redactor {
  /**
   * Per state, the code unit of its one transition, NONE or SEVERAL. Most states of a trie of secrets
   * have one transition: they need no map of their own.
   */
  readonly #label: number[] = [NONE];
  /** Per state with one transition, the state it goes to. */
  readonly #to: number[] = [0];
  /** Per state with several transitions, the states they go to by code unit. */
  readonly #several: (Map<number, number> | undefined)[] = [undefined];
  readonly #fail: number[] = [0];
  /** Per state, the length of the longest secret ending there, 0 when none. */
  readonly #out: number[] = [0];
  /** Code units that occur in some secret: any other one sends the automaton back to the root. */
  readonly #used = new Uint8Array(65536);
  readonly #empty: boolean;

  constructor(secrets: Iterable<string>) {
    let any = false;
    for (const s of secrets) {
      if (s.length < MIN_LENGTH) continue;
      any = true;
      let at = 0;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        this.#used[c] = 1;
        let to = this.#step(at, c);
        if (to === undefined) {
          to = this.#label.length;
          this.#label.push(NONE);
          this.#to.push(0);
          this.#several.push(undefined);
          this.#fail.push(0);
          this.#out.push(0);
          this.#link(at, c, to);
        }
        at = to;
      }
      this.#out[at] = Math.max(this.#out[at]!, s.length);
    }
    this.#empty = !any;
    // Breadth-first failure links; a state also reports the longest secret of its failure chain.
    const queue: number[] = this.#targets(0);
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const [c, v] of this.#transitions(u)) {
        let f = this.#fail[u]!;
        while (f !== 0 && this.#step(f, c) === undefined) f = this.#fail[f]!;
        const target = this.#step(f, c);
        this.#fail[v] = target !== undefined && target !== v ? target : 0;
        this.#out[v] = Math.max(this.#out[v]!, this.#out[this.#fail[v]!]!);
        queue.push(v);
      }
    }
  }

  /** Where state `at` goes on code unit `c`, if it has that transition. */
  #step(at: number, c: number): number | undefined {
    const label = this.#label[at]!;
    if (label === c) return this.#to[at];
    return label === SEVERAL ? this.#several[at]!.get(c) : undefined;
  }

  #link(from: number, c: number, to: number): void {
    const label = this.#label[from]!;
    if (label === NONE) {
      this.#label[from] = c;
      this.#to[from] = to;
    } else if (label === SEVERAL) {
      this.#several[from]!.set(c, to);
    } else {
      this.#several[from] = new Map([
        [label, this.#to[from]!],
        [c, to],
      ]);
      this.#label[from] = SEVERAL;
    }
  }

  #transitions(at: number): Iterable<readonly [number, number]> {
    const label = this.#label[at]!;
    if (label === SEVERAL) return this.#several[at]!;
    return label === NONE ? [] : [[label, this.#to[at]!]];
  }

  #targets(at: number): number[] {
    return [...this.#transitions(at)].map(([, to]) => to);
  }

  /** `text` with every secret in it replaced. */
  redact(text: string): string {
    if (this.#empty) return text;
    const used = this.#used;
    let cut: [number, number][] | undefined;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (used[c] === 0) {
        at = 0;
        continue;
      }
      let to = this.#step(at, c);
      while (to === undefined && at !== 0) {
        at = this.#fail[at]!;
        to = this.#step(at, c);
      }
      at = to ?? 0;
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
