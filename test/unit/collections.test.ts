import { eachInLanes, slices } from '../../src/domain/collections';

/** A promise the test settles by hand, to see what runs at once. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('slices', () => {
  it('cuts 5 items into 2 + 2 + 1, and nothing into nothing', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([], 2)).toEqual([]);
  });
});

describe('eachInLanes', () => {
  it('runs every item, never more than two at once', async () => {
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const done = eachInLanes([0, 1, 2], 2, async (i) => {
      started.push(i);
      await gates[i]?.promise;
    });
    await tick();
    expect(started).toEqual([0, 1]); // the third waits for a free lane
    gates[1]?.open();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.open();
    gates[2]?.open();
    await expect(done).resolves.toBeUndefined();
  });

  it('after a failure starts nothing new, lets the running item finish, then throws the failure', async () => {
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const finished: number[] = [];
    const done = eachInLanes([0, 1, 2], 2, async (i) => {
      started.push(i);
      await gates[i]?.promise;
      finished.push(i);
    });
    let settled = false;
    void done.catch(() => undefined).finally(() => (settled = true));
    await tick();
    gates[0]?.fail(new Error('batch 0 failed'));
    await tick();
    expect(settled).toBe(false); // item 1 still runs
    gates[1]?.open();
    await expect(done).rejects.toThrow('batch 0 failed');
    expect(started).toEqual([0, 1]); // item 2 never started
    expect(finished).toEqual([1]);
  });
});
