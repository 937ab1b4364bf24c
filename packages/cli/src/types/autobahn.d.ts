// Type declarations for the parts of autobahn-js 22.11.1 that `subscribe` uses; the
// package ships none.
declare module 'autobahn' {
  namespace autobahn {
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
  }

  const autobahn: {
    Connection: typeof autobahn.Connection;
  };
  export default autobahn;
}
