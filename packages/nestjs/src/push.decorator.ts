import { InvalidArgumentError } from '@autobahnpush/core';
import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import {
  DEFAULT_CLIENT_NAME,
  DEFAULT_SESSION_HEADER,
  PUSH_METADATA,
} from './autobahn-push.constants.js';
import type { PushDecoratorOptions, PushMetadata } from './push-options.interface.js';
import { PushInterceptor } from './push.interceptor.js';

/**
 * Pushes a controller handler's return value to `topic` after the handler succeeds.
 * The push runs in the background: it neither delays nor changes the HTTP response, and
 * a failed push is logged through Nest's `Logger` and passed to `onError`.
 *
 * The sender is excluded by default: a request that carries its WAMP session ID in the
 * `x-wamp-session-id` header does not receive its own event.
 *
 * @param topic - topic URI, for example `com.shop.order_created` (Crossbar) or
 *   `http://example.com/orders` (appliance). The client checks its syntax at each push.
 * @example
 * ```ts
 * @Post()
 * @Push('com.shop.order_created', { map: (order: Order) => ({ id: order.id }) })
 * create(@Body() body: CreateOrderDto): Order {
 *   return this.orders.create(body);
 * }
 * ```
 */
export function Push<Result = unknown>(
  topic: string,
  options: PushDecoratorOptions<Result> = {},
): MethodDecorator {
  const metadata = normalizePushOptions(topic, options as PushDecoratorOptions);

  return applyDecorators(SetMetadata(PUSH_METADATA, metadata), UseInterceptors(PushInterceptor));
}

const PUSH_OPTIONS = ['map', 'excludeSender', 'headerName', 'client', 'onError'];

function normalizePushOptions(topic: string, options: PushDecoratorOptions): PushMetadata {
  // The client checks the topic's syntax when it pushes, because that depends on its protocol.
  if (typeof topic !== 'string' || topic === '') {
    throw new InvalidArgumentError(
      '@Push: missing topic. Pass the topic URI as the first argument, for example @Push("com.shop.order_created").',
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError('@Push: the options must be an object such as { excludeSender: false }.');
  }
  for (const key of Object.keys(options)) {
    if (!PUSH_OPTIONS.includes(key)) {
      throw new InvalidArgumentError(
        `@Push: unknown option "${key}". Supported options are ${PUSH_OPTIONS.join(', ')}.`,
      );
    }
  }
  if (options.excludeSender !== undefined && typeof options.excludeSender !== 'boolean') {
    throw new InvalidArgumentError('@Push: option "excludeSender" must be true or false.');
  }
  if (options.map !== undefined && typeof options.map !== 'function') {
    throw new InvalidArgumentError('@Push: option "map" must be a function of the handler result.');
  }
  if (options.onError !== undefined && typeof options.onError !== 'function') {
    throw new InvalidArgumentError('@Push: option "onError" must be a function.');
  }
  const headerName = options.headerName ?? DEFAULT_SESSION_HEADER;
  if (typeof headerName !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(headerName)) {
    throw new InvalidArgumentError(
      `@Push: invalid option "headerName" (${String(headerName)}). Pass an HTTP header name such as "x-wamp-session-id".`,
    );
  }
  const client = options.client ?? DEFAULT_CLIENT_NAME;
  if (typeof client !== 'string' || client.trim() === '') {
    throw new InvalidArgumentError(
      '@Push: invalid option "client". Pass the name given to forRoot({ name }), or leave it out for the default client.',
    );
  }

  return {
    topic,
    map: options.map as PushMetadata['map'],
    excludeSender: options.excludeSender ?? true,
    // Node lowercases incoming header names.
    headerName: headerName.toLowerCase(),
    client,
    onError: options.onError,
  };
}
