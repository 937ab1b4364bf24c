// Type declarations for the parts of autobahn-js 22.11.1 that `subscribe` and the tests
// use; the package ships none.
declare module 'autobahn' {
  interface EventDetails {
    publication: number;
    topic?: string;
    publisher?: number;
  }

  interface Subscription {
    id: number;
    topic: string;
  }

  interface Session {
    id: number;
    subscribe(
      topic: string,
      handler: (args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined, details: EventDetails) => void,
      options?: Record<string, unknown>,
    ): Promise<Subscription>;
    register(
      procedure: string,
      endpoint: (args: unknown[] | undefined, kwargs: Record<string, unknown> | undefined) => unknown,
    ): Promise<unknown>;
  }

  interface ConnectionOptions {
    url: string;
    realm: string;
    max_retries?: number;
    retry_if_unreachable?: boolean;
  }

  interface CloseDetails {
    reason?: string;
    message?: string;
    will_retry?: boolean;
  }

  class Connection {
    constructor(options: ConnectionOptions);
    onopen: (session: Session, details: unknown) => void;
    onclose: (reason: string, details: CloseDetails) => boolean | undefined;
    open(): void;
    close(reason?: string, message?: string): void;
    readonly isOpen: boolean;
  }

  /** Error a procedure throws to return a WAMP error to its caller; exported as `autobahn.Error`. */
  class WampError {
    constructor(error: string, args?: unknown[], kwargs?: Record<string, unknown>);
  }

  const autobahn: {
    Connection: typeof Connection;
    Error: typeof WampError;
  };
  export default autobahn;
}
