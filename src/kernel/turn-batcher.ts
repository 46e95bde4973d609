/**
 * Gathers the items submitted in one turn of the event loop and hands them to `run` together, at
 * most `maxBatch` at a time; items submitted while a batch runs wait for the next one, so under load
 * batches grow by themselves and an idle system runs each item at once. Group commit is built on
 * it (storage/batched-transactions.ts, email-in/inbound-store.ts). `run` settles its items itself
 * and must not reject.
 */
export function createTurnBatcher<T>(run: (batch: T[]) => Promise<void>, maxBatch: number): (item: T) => void {
  let queue: T[] = [];
  let flushing = false;

  async function flush(): Promise<void> {
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, maxBatch);
        queue = queue.slice(batch.length);
        await run(batch);
      }
    } finally {
      flushing = false;
    }
  }

  return (item) => {
    queue.push(item);
    if (queue.length === 1 && !flushing) setImmediate(() => void flush());
  };
}
