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
    }

    interface ConnectionOptions {
      url: string;
      realm: string;
      authid?: string;
      max_retries?: number;
      retry_if_unreachable?: boolean;
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
  };
  export default autobahn;
}
