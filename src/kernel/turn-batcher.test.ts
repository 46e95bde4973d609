import { describe, expect, it } from 'vitest';
import { createTurnBatcher } from './turn-batcher.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createTurnBatcher', () => {
  it('hands the items of one turn over together, at most maxBatch at a time, in order', async () => {
    const batches: number[][] = [];
    const submit = createTurnBatcher(async (batch: number[]) => void batches.push(batch), 3);
    for (let i = 0; i < 7; i++) submit(i);
    expect(batches).toEqual([]);
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('items submitted while a batch runs wait for the next batch, which starts when it ends', async () => {
    const batches: string[][] = [];
    let finishFirst!: () => void;
    const submit = createTurnBatcher(async (batch: string[]) => {
      batches.push(batch);
      if (batch[0] === 'a') await new Promise<void>((resolve) => (finishFirst = resolve));
    }, 10);
    submit('a');
    await nextTurn();
    submit('b');
    submit('c');
    await nextTurn();
    expect(batches).toEqual([['a']]);
    finishFirst();
    await nextTurn();
    expect(batches).toEqual([['a'], ['b', 'c']]);
    // Idle again: the next item runs on its own, at once.
    submit('d');
    await nextTurn();
    expect(batches).toEqual([['a'], ['b', 'c'], ['d']]);
  });
});
