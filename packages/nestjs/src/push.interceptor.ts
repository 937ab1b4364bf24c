import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { type Observable, tap } from 'rxjs';
import { LOGGER_CONTEXT, PUSH_METADATA } from './autobahn-push.constants.js';
import type { AutobahnPushService } from './autobahn-push.service.js';
import { getAutobahnPushToken } from './get-autobahn-push-token.js';
import type { PushMetadata } from './push-options.interface.js';
import { describeHeaderValue, readSenderSession } from './sender-session.js';

/**
 * Interceptor that `@Push` applies to a handler: after each value the handler emits, it
 * starts the push in the background. Nothing it does can change the response: every
 * failure, including a `map` that throws, is logged and passed to `onError`.
 *
 * Outside HTTP (microservices, gateways) the value is pushed without sender exclusion,
 * and `map` receives `undefined` as the request.
 */
@Injectable()
export class PushInterceptor implements NestInterceptor {
  readonly #logger = new Logger(LOGGER_CONTEXT);
  readonly #reflector: Reflector;
  readonly #moduleRef: ModuleRef;

  // Explicit tokens, so dependency injection does not rely on emitted design metadata.
  constructor(@Inject(Reflector) reflector: Reflector, @Inject(ModuleRef) moduleRef: ModuleRef) {
    this.#reflector = reflector;
    this.#moduleRef = moduleRef;
  }

  /** Passes the handler's values through unchanged and pushes each one. */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const metadata = this.#reflector.get<PushMetadata | undefined>(PUSH_METADATA, context.getHandler());
    if (metadata === undefined) {
      return next.handle();
    }
    const request: unknown =
      context.getType() === 'http' ? context.switchToHttp().getRequest() : undefined;

    return next.handle().pipe(
      tap((result) => {
        void this.#push(metadata, result, request);
      }),
    );
  }

  // Never rejects: the push is detached from the response.
  async #push(metadata: PushMetadata, result: unknown, request: unknown): Promise<void> {
    try {
      const service = this.#serviceFor(metadata.client);
      const event = metadata.map === undefined ? result : metadata.map(result, request);
      if (event === undefined) {
        return;
      }
      const sender = metadata.excludeSender ? this.#senderOf(request, metadata, service) : undefined;

      await service.push(metadata.topic, event, sender === undefined ? {} : { exclude: [sender] });
    } catch (error) {
      await this.#report(error, metadata, result, request);
    }
  }

  #senderOf(
    request: unknown,
    metadata: PushMetadata,
    service: AutobahnPushService,
  ): number | string | undefined {
    const sender = readSenderSession(request, metadata.headerName, service.client.protocol);
    if (sender !== null) {
      return sender;
    }
    // Routine for clients that send junk, so debug level; the push still goes to everyone.
    const value = (request as { headers: Record<string, unknown> }).headers[metadata.headerName];
    this.#logger.debug(
      `@Push to topic "${metadata.topic}": ignoring the ${metadata.headerName} header ` +
        `${describeHeaderValue(value)}: it is not a WAMP session ID, so the sender is not excluded.`,
    );

    return undefined;
  }

  #serviceFor(name: string): AutobahnPushService {
    try {
      return this.#moduleRef.get<AutobahnPushService>(getAutobahnPushToken(name), { strict: false });
    } catch (error) {
      throw new Error(
        `No push client named "${name}" is registered. Import AutobahnPushModule.forRoot({ name: ` +
          `"${name}", ... }) or forRootAsync in the application, or fix the client option of @Push.`,
        { cause: error },
      );
    }
  }

  async #report(error: unknown, metadata: PushMetadata, result: unknown, request: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.#logger.error(
      `@Push to topic "${metadata.topic}" through client "${metadata.client}" failed: ${reason}`,
      error instanceof Error ? error.stack : undefined,
    );
    if (metadata.onError === undefined) {
      return;
    }

    try {
      await metadata.onError(error, { topic: metadata.topic, client: metadata.client, result, request });
    } catch (callbackError) {
      this.#logger.error(
        `The onError callback of @Push for topic "${metadata.topic}" threw: ` +
          `${callbackError instanceof Error ? callbackError.message : String(callbackError)}`,
        callbackError instanceof Error ? callbackError.stack : undefined,
      );
    }
  }
}
