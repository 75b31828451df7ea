/**
 * Memory after a large plan is loaded. A run as short as a lint seldom reaches V8's next full collection,
 * so a large plan's parsed document would stay in memory, dead, until the process ends.
 *
 * While the plan is loaded and linted, V8 is told to let its heap grow by only a tenth past what each
 * full collection keeps (V8 adds its own minimum steps). V8 then starts its next full collection soon
 * after the document dies, as the graph and the rules allocate, and frees it with most of the marking
 * done concurrently on another core. No collection is asked for: one made on the main thread costs more
 * time than the memory it frees early is worth. Afterwards V8's own heap sizing is back.
 */
import { createRequire } from 'node:module';

/** How far the heap may grow past the live size of the last full collection, in percent, while a plan is linted. */
export const LOAD_HEAP_GROWTH_PERCENT = 10;

/** V8's heap sizing is process-wide: set it, and give it back to V8 (0: V8 chooses). */
function setHeapGrowth(percent: number): void {
  // node:v8 is loaded only when a large plan needs it: a run with none does not pay for loading it.
  (createRequire(import.meta.url)('node:v8') as typeof import('node:v8')).setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/** The heap kept tight from construction until release(), which a lint calls when its plan is done. */
export class TightHeap {
  #released = false;

  constructor() {
    setHeapGrowth(LOAD_HEAP_GROWTH_PERCENT);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    setHeapGrowth(0);
  }
}
