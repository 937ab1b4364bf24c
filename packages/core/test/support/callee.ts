import autobahn from 'autobahn';

/** A real autobahn-js session that registers procedures. */
export interface Callee {
  sessionId: number;
  session: autobahn.Session;
  close: () => Promise<void>;
}

/**
 * Connects an autobahn-js client to `url` for registering procedures.
 * autobahn-js prints every error a procedure raises. The WAMP errors that
 * tests raise on purpose are not printed, and anything else still is.
 */
export async function connectCallee(url: string, realm: string): Promise<Callee> {
  const connection = new autobahn.Connection({
    url,
    realm,
    max_retries: 0,
    on_user_error: (error) => {
      if (!(error instanceof autobahn.Error)) {
        console.error('Procedure raised an unexpected error:', error);
      }
    },
  });

  const session = await new Promise<autobahn.Session>((resolve, reject) => {
    connection.onopen = (opened) => resolve(opened);
    connection.onclose = (reason) => {
      reject(new Error(`WAMP connection closed: ${reason}`));

      return true;
    };
    connection.open();
  });

  return {
    sessionId: session.id,
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
