/**
 * A first-in, first-out queue on an array with a moving head. It compacts now and then
 * instead of paying `Array#shift`'s cost on every removal, and it empties the array in
 * place when the last item leaves, so removed items are not kept alive.
 */
export class FifoQueue<T> {
  #items: T[] = [];
  #head = 0;

  /** Items in the queue. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an item at the end. */
  push(item: T): void {
    this.#items.push(item);
  }

  /** Returns the oldest item without removing it. */
  peek(): T | undefined {
    return this.#head < this.#items.length ? this.#items[this.#head] : undefined;
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#head === this.#items.length) {
      return undefined;
    }
    const item = this.#items[this.#head]!;
    this.#head += 1;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }

    return item;
  }
}
