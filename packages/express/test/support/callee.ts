import autobahn from 'autobahn';

/** A real autobahn-js session that registers procedures for the tests to call. */
export interface Callee {
  session: autobahn.Session;
  close: () => Promise<void>;
}

/**
 * Opens a WAMP session on `url` for registering procedures. autobahn-js prints every
 * exception a procedure raises. `autobahn.Error` is what the tests raise on purpose, so
 * only other exceptions are printed.
 */
export async function connectCallee(url: string, realm: string): Promise<Callee> {
  const connection = new autobahn.Connection({
    url,
    realm,
    max_retries: 0,
    on_user_error: (error) => {
      if (!(error instanceof autobahn.Error)) {
        console.error('A registered procedure raised an unexpected error:', error);
      }
    },
  });
  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason) => {
      reject(new Error(`WAMP connection to ${url} closed: ${reason}`));

      return true;
    };
    connection.open();
  });

  return {
    session,
    close: () =>
      new Promise<void>((resolve) => {
        if (!connection.isOpen) {
          resolve();

          return;
        }
        connection.onclose = () => {
          resolve();

          return true;
        };
        connection.close();
      }),
  };
}
