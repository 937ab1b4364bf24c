import { describe, expect, it } from 'vitest';
import { type TimedEntry, TimeoutList } from '../src/timeout-list.js';

function entry(name: string, log: string[]): TimedEntry {
  return {
    deadline: 0,
    previous: undefined,
    next: undefined,
    list: undefined,
    onTimeout: () => log.push(name),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('TimeoutList', () => {
  it('times out entries oldest first', async () => {
    const log: string[] = [];
    const emptied: TimeoutList[] = [];
    const list = new TimeoutList(10, (empty) => emptied.push(empty));
    list.add(entry('a', log));
    list.add(entry('b', log));
    await sleep(5);
    list.add(entry('c', log));

    await sleep(60);

    expect(log).toEqual(['a', 'b', 'c']);
    expect(emptied).toEqual([list]);
    expect(list.entries()).toEqual([]);
  });

  it('never times out a removed entry', async () => {
    const log: string[] = [];
    let emptied = 0;
    const list = new TimeoutList(10, () => {
      emptied += 1;
    });
    const first = entry('first', log);
    const middle = entry('middle', log);
    const last = entry('last', log);
    list.add(first);
    list.add(middle);
    list.add(last);

    list.remove(middle);
    list.remove(middle);

    expect(list.entries()).toEqual([first, last]);
    expect(middle.list).toBeUndefined();
    await sleep(40);
    expect(log).toEqual(['first', 'last']);
    expect(emptied).toBe(1);
  });

  it('reports empty when the last entry is removed', () => {
    const emptied: TimeoutList[] = [];
    const list = new TimeoutList(1_000, (empty) => emptied.push(empty));
    const only = entry('only', []);
    list.add(only);

    list.remove(only);

    expect(emptied).toEqual([list]);
    expect(list.entries()).toEqual([]);
  });

  it('times out entries added while expiring', async () => {
    const log: string[] = [];
    const list = new TimeoutList(10, () => undefined);
    const retry = entry('retry', log);
    const first = entry('first', log);
    first.onTimeout = () => {
      log.push('first');
      list.add(retry);
    };
    list.add(first);

    await sleep(80);

    expect(log).toEqual(['first', 'retry']);
    expect(retry.list).toBeUndefined();
  });
});
