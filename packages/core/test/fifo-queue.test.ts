import { describe, expect, it } from 'vitest';
import { FifoQueue } from '../src/fifo-queue.js';

describe('FifoQueue', () => {
  it('returns items in order', () => {
    const queue = new FifoQueue<number>();
    queue.push(1);
    queue.push(2);

    expect(queue.peek()).toBe(1);
    expect(queue.shift()).toBe(1);
    expect(queue.length).toBe(1);
    expect(queue.shift()).toBe(2);
    expect(queue.shift()).toBeUndefined();
    expect(queue.peek()).toBeUndefined();
    expect(queue.length).toBe(0);
  });

  it('keeps order across compactions', () => {
    const queue = new FifoQueue<number>();
    const shifted: number[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      queue.push(index);
      queue.push(index + 100_000);
      shifted.push(queue.shift()!);
    }
    while (queue.length > 0) {
      shifted.push(queue.shift()!);
    }

    const expected: number[] = [];
    for (let index = 0; index < 5_000; index += 1) {
      expected.push(index, index + 100_000);
    }
    expect(shifted).toEqual(expected);
  });
});
