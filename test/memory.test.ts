/** Memory after a large plan is loaded: the dead document is freed, by V8 under a tight heap or by a collection asked for. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectGarbage, TightHeap } from '../src/memory.js';

type Doc = { id: number; tags: string[] }[];

/** Long-lived objects, as a parsed plan is: an array and a string each. */
function allocate(count: number, into: Doc): void {
  for (let i = 0; i < count; i++) into.push({ id: i, tags: [`t${i}`] });
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('collectGarbage', () => {
  it('frees what is no longer referenced, at once', async () => {
    let doc: Doc | undefined = [];
    allocate(400_000, doc);
    await tick();
    const alive = process.memoryUsage().heapUsed;
    assert.equal(doc.length, 400_000);
    doc = undefined;
    await collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // 400,000 objects with an array and a string each are well over 20 MB.
    assert.ok(alive - after > 20 * 1024 * 1024, `heap went from ${alive >> 20} MB to ${after >> 20} MB`);
  });
});

describe('TightHeap', () => {
  it('asks for a collection after a small load, during which V8 made no full collection', async () => {
    await collectGarbage();
    const tight = new TightHeap();
    try {
      const doc: Doc = [];
      allocate(1000, doc);
      assert.equal(doc.length, 1000);
      assert.equal(tight.needsCollection(), true);
    } finally {
      tight.release();
    }
  });

  it('frees a document that died after a large load while the rest of the run allocates, with no collection asked for', async () => {
    const tight = new TightHeap();
    try {
      let doc: Doc | undefined = [];
      // About 150 MB: past the size at which V8 makes its first full collection.
      allocate(1_200_000, doc);
      assert.equal(tight.needsCollection(), false);
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
    }
  });

  it('is released once, and a release before the end of the load stops its profiler', () => {
    const tight = new TightHeap();
    tight.release();
    tight.release();
    assert.equal(tight.needsCollection(), true);
  });
});
