/** Memory after a large plan is loaded: the dead document is freed by V8 under a tight heap, with no collection asked for. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TightHeap } from '../src/memory.js';

type Doc = { id: number; tags: string[] }[];

/** Long-lived objects, as a parsed plan is: an array and a string each. */
function allocate(count: number, into: Doc): void {
  for (let i = 0; i < count; i++) into.push({ id: i, tags: [`t${i}`] });
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('TightHeap', () => {
  it('frees a document that died after a large load while the rest of the run allocates, with no collection asked for', async () => {
    const tight = new TightHeap();
    try {
      let doc: Doc | undefined = [];
      // About 150 MB: past the size at which V8 makes its first full collection.
      allocate(1_200_000, doc);
      const alive = process.memoryUsage().heapUsed;
      assert.equal(doc.length, 1_200_000);
      doc = undefined;
      // The graph and the rules allocate after loading, and keep what they make.
      const rest: Doc[] = [];
      let lowest = alive;
      for (let i = 0; i < 8; i++) {
        const part: Doc = [];
        allocate(100_000, part);
        rest.push(part);
        await tick();
        lowest = Math.min(lowest, process.memoryUsage().heapUsed);
      }
      assert.equal(rest.length, 8);
      // With V8's own sizing the heap only grows here: the document stays, and the rest is added.
      assert.ok(lowest < alive - 50 * 1024 * 1024, `heap went from ${alive >> 20} MB to at least ${lowest >> 20} MB`);
    } finally {
      tight.release();
      tight.release();
    }
  });
});
