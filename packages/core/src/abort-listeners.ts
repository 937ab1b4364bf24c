/** An object to notify when an AbortSignal fires. */
export interface AbortTarget {
  handleEvent(): void;
}

const targetsBySignal = new WeakMap<AbortSignal, Set<AbortTarget>>();

/**
 * Calls `target.handleEvent()` when `signal` fires. All targets of one signal share a
 * single event listener, so one signal passed to many pushes at once does not trigger
 * Node's warning about more than 10 listeners on an EventTarget.
 */
export function onAbort(signal: AbortSignal, target: AbortTarget): void {
  let targets = targetsBySignal.get(signal);
  if (targets === undefined) {
    const created = new Set<AbortTarget>();
    targets = created;
    targetsBySignal.set(signal, created);
    signal.addEventListener(
      'abort',
      () => {
        targetsBySignal.delete(signal);
        for (const registered of [...created]) {
          registered.handleEvent();
        }
      },
      { once: true },
    );
  }
  targets.add(target);
}

/** Stops calling `target` when `signal` fires. */
export function offAbort(signal: AbortSignal, target: AbortTarget): void {
  targetsBySignal.get(signal)?.delete(target);
}
