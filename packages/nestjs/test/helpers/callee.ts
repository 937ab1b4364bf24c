import autobahn from 'autobahn';

/** A real autobahn-js session that registers procedures on the dev router. */
export interface Callee {
  session: autobahn.Session;
  close(): Promise<void>;
}

/**
 * Opens an autobahn-js connection to `url` and joins `realm`. autobahn-js prints every
 * error that a procedure throws; the `autobahn.Error`s that tests throw on purpose are
 * left out, and anything else is still printed.
 */
export async function connectCallee(url: string, realm: string): Promise<Callee> {
  const connection = new autobahn.Connection({
    url,
    realm,
    max_retries: 0,
    on_user_error: (error) => {
      if (!(error instanceof autobahn.Error)) {
        console.error('A procedure threw an unexpected error:', error);
      }
    },
  });

  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`The WAMP connection closed before it opened: ${reason}`));

      return true;
    };
    connection.open();
  });

  return {
    session,
    close() {
      if (!connection.isOpen) {
        return Promise.resolve();
      }

      return new Promise<void>((resolve) => {
        connection.onclose = () => {
          resolve();

          return true;
        };
        connection.close();
      });
    },
  };
}

/** A procedure whose invocations stay open until the test settles them. */
export interface HeldProcedure {
  /** Resolves when the first invocation has reached the callee. */
  invoked: Promise<void>;
  /** Number of invocations so far. */
  invocations(): number;
  /** Returns `value` as `args[0]` from every open invocation. */
  release(value: unknown): void;
}

/** Registers `procedure` on `callee` with a handler that waits for `release()`. */
export async function registerHeld(callee: Callee, procedure: string): Promise<HeldProcedure> {
  let count = 0;
  let markInvoked: () => void = () => {};
  const invoked = new Promise<void>((resolve) => {
    markInvoked = resolve;
  });
  const open: Array<(value: unknown) => void> = [];
  await callee.session.register(procedure, () => {
    count += 1;
    markInvoked();

    return new Promise((resolve) => open.push(resolve));
  });

  return {
    invoked,
    invocations: () => count,
    release(value) {
      for (const resolve of open.splice(0)) {
        resolve(value);
      }
    },
  };
}
