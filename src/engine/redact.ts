/**
 * Redaction of sensitive values from report text. A plan can hold thousands of secrets (a password
 * per workspace), so matching is one pass over the text with an Aho–Corasick automaton, not a
 * search per secret.
 */

export const REDACTED = '(sensitive value)';

/** Values shorter than this (`true`, a port) would blank ordinary words and cannot identify a secret alone. */
const MIN_LENGTH = 4;

interface AutomatonNode {
  readonly next: Map<string, number>;
  fail: number;
  /** Length of the longest secret ending here, 0 when none. */
  out: number;
}

export class Redactor {
  readonly #nodes: AutomatonNode[] = [{ next: new Map(), fail: 0, out: 0 }];
  readonly #empty: boolean;

  constructor(secrets: Iterable<string>) {
    let any = false;
    for (const s of secrets) {
      if (s.length < MIN_LENGTH) continue;
      any = true;
      let at = 0;
      for (const ch of s) {
        let to = this.#nodes[at]!.next.get(ch);
        if (to === undefined) {
          to = this.#nodes.length;
          this.#nodes.push({ next: new Map(), fail: 0, out: 0 });
          this.#nodes[at]!.next.set(ch, to);
        }
        at = to;
      }
      const node = this.#nodes[at]!;
      node.out = Math.max(node.out, [...s].length);
    }
    this.#empty = !any;
    // Breadth-first failure links; a node also reports the longest secret of its failure chain.
    const queue: number[] = [...this.#nodes[0]!.next.values()];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      const node = this.#nodes[u]!;
      for (const [ch, v] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.#nodes[f]!.next.has(ch)) f = this.#nodes[f]!.fail;
        const target = this.#nodes[f]!.next.get(ch);
        const child = this.#nodes[v]!;
        child.fail = target !== undefined && target !== v ? target : 0;
        child.out = Math.max(child.out, this.#nodes[child.fail]!.out);
        queue.push(v);
      }
    }
  }

  /** `text` with every secret in it replaced. */
  redact(text: string): string {
    if (this.#empty) return text;
    const chars = [...text];
    const cut: [number, number][] = [];
    let at = 0;
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i]!;
      while (at !== 0 && !this.#nodes[at]!.next.has(ch)) at = this.#nodes[at]!.fail;
      at = this.#nodes[at]!.next.get(ch) ?? 0;
      const len = this.#nodes[at]!.out;
      if (len > 0) cut.push([i - len + 1, i + 1]);
    }
    if (cut.length === 0) return text;
    // Merge overlapping matches, then rebuild the text.
    cut.sort((a, b) => a[0] - b[0]);
    let out = '';
    let pos = 0;
    for (const [s, e] of cut) {
      if (e <= pos) continue;
      // A match overlapping the previous one extends it.
      if (s >= pos || pos === 0) {
        out += chars.slice(pos, s).join('');
        out += REDACTED;
      }
      pos = e;
    }
    return out + chars.slice(pos).join('');
  }
}
