/**
 * Memory after a large plan is loaded. A run as short as a lint seldom reaches V8's next full collection,
 * so a large plan's parsed document would stay in memory, dead, until the process ends: about a fifth
 * of the peak memory of a 20 MB plan.
 *
 * While the plan is loaded and linted, V8 is told to let its heap grow by only a tenth past what each
 * full collection keeps (V8 adds its own minimum steps). When V8 makes a full collection during the load,
 * as it does for a plan of some size, the next ones come soon after, as the graph and the rules allocate,
 * and free the document with most of their marking done concurrently on another core. Only when it made
 * none is a collection asked for once the plan is loaded: two rounds, all on the main thread, which cost
 * more. Afterwards V8's own heap sizing is back.
 */
import { createRequire } from 'node:module';

/** node:v8, loaded when a plan first needs it: a run with no large plan does not pay for loading it. */
let loadedV8: typeof import('node:v8') | undefined;
function v8(): typeof import('node:v8') {
  return (loadedV8 ??= createRequire(import.meta.url)('node:v8') as typeof import('node:v8'));
}

/** How far the heap may grow past the live size of the last full collection, in percent, while a plan is linted. */
export const LOAD_HEAP_GROWTH_PERCENT = 10;

/**
 * The heap kept tight from construction until release(): V8's heap sizing is process-wide, so a lint gives
 * it back when its plan is done (0: V8 chooses).
 */
export class TightHeap {
  readonly #profiler = typeof v8().GCProfiler === 'function' ? new (v8().GCProfiler)() : undefined;
  #profiling = false;
  #released = false;

  constructor() {
    v8().setFlagsFromString(`--heap-growing-percent=${LOAD_HEAP_GROWTH_PERCENT}`);
    this.#profiler?.start();
    this.#profiling = this.#profiler !== undefined;
  }

  /**
   * Once the plan is loaded: whether a collection should be asked for (collectGarbage). V8 made no full
   * collection during the load, so its next one is not due soon; or the profiler is missing, and that is
   * not known.
   */
  needsCollection(): boolean {
    if (!this.#profiling) return true;
    this.#profiling = false;
    const stats = this.#profiler!.stop();
    return !stats.statistics.some((s) => s.gcType === 'MarkSweepCompact');
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#profiling) {
      this.#profiling = false;
      this.#profiler!.stop();
    }
    v8().setFlagsFromString('--heap-growing-percent=0');
  }
}

/**
 * A full garbage collection, on request. It asks V8 through an in-process inspector session
 * (`HeapProfiler.collectGarbage`): no port is opened and nothing is evaluated.
 */
export async function collectGarbage(): Promise<void> {
  try {
    const { Session } = await import('node:inspector/promises');
    const session = new Session();
    session.connect();
    try {
      await session.post('HeapProfiler.collectGarbage');
    } finally {
      session.disconnect();
    }
  } catch {
    // A Node built without the inspector: the memory is freed later, as it would be anyway.
  }
}
