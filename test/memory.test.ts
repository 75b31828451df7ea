/** The collection after a large plan is loaded gives the dead document's memory back. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectGarbage } from '../src/memory.js';

describe('collectGarbage', () => {
  it('frees what is no longer referenced, at once', async () => {
    // Objects that live long enough to reach the old generation, as a parsed plan does.
    let doc: { id: number; tags: string[] }[] | undefined = [];
    for (let i = 0; i < 400_000; i++) doc.push({ id: i, tags: [`t${i}`] });
    await new Promise((r) => setImmediate(r));
    const alive = process.memoryUsage().heapUsed;
    assert.equal(doc.length, 400_000);
    doc = undefined;
    await collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // 400,000 objects with an array and a string each are well over 20 MB.
    assert.ok(alive - after > 20 * 1024 * 1024, `heap went from ${alive >> 20} MB to ${after >> 20} MB`);
  });
});
