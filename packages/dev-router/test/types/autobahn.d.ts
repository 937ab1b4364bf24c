// Minimal typings for the parts of autobahn-js 22.11.1 that the tests use;
// the package ships no type declarations.
declare module 'autobahn' {
  namespace autobahn {
    interface EventDetails {
      publication: number;
      topic: string;
      publisher?: number;
      publisher_authid?: string;
      publisher_authrole?: string;
      retained: boolean;
    }

    interface Subscription {
      id: number;
      topic: string;
    }

    interface Publication {
      id: number;
    }

    interface Registration {
      id: number;
      procedure: string;
    }

    interface InvocationDetails {
      caller?: number;
      caller_authid?: string;
      caller_authrole?: string;
      procedure: string;
    }

    /** A result with several positional or keyword values; a plain return value becomes `args[0]`. */
    class Result {
      constructor(args?: unknown[], kwargs?: Record<string, unknown>);
      args: unknown[];
      kwargs: Record<string, unknown>;
    }

    /** A WAMP error: thrown by a procedure, or the rejection of a call. */
    // biome-ignore lint/suspicious/noShadowRestrictedNames: autobahn-js exports its WAMP error class as Error.
    class Error {
      constructor(error: string, args?: unknown[], kwargs?: Record<string, unknown>);
      error: string;
      args: unknown[];
      kwargs: Record<string, unknown>;
    }

    interface Session {
      id: number;
      isOpen: boolean;
      subscribe(
        topic: string,
        handler: (args: unknown[], kwargs: Record<string, unknown>, details: EventDetails) => void,
        options?: Record<string, unknown>,
      ): Promise<Subscription>;
      unsubscribe(subscription: Subscription): Promise<unknown>;
      publish(topic: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: Record<string, unknown>): Promise<Publication> | undefined;
      register(
        procedure: string,
        endpoint: (args: unknown[], kwargs: Record<string, unknown>, details: InvocationDetails) => unknown,
        options?: Record<string, unknown>,
      ): Promise<Registration>;
      unregister(registration: Registration): Promise<unknown>;
      call(procedure: string, args?: unknown[], kwargs?: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
    }

    interface ConnectionOptions {
      url: string;
      realm: string;
      authid?: string;
      max_retries?: number;
      retry_if_unreachable?: boolean;
      /** Receives errors raised by handlers; autobahn-js prints them with console.error when it is not set. */
      on_user_error?: (error: unknown, message: string) => void;
    }

    class Connection {
      constructor(options: ConnectionOptions);
      onopen: (session: Session, details: unknown) => void;
      onclose: (reason: string, details: { reason?: string; message?: string; will_retry?: boolean }) => boolean | undefined;
      open(): void;
      close(reason?: string, message?: string): void;
      readonly isOpen: boolean;
      readonly session: Session | null;
    }
  }

  const autobahn: {
    Connection: typeof autobahn.Connection;
    Result: typeof autobahn.Result;
    Error: typeof autobahn.Error;
  };
  export default autobahn;
}
