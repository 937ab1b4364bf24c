/**
 * Injection tokens and metadata keys of `@autobahnpush/nestjs`.
 *
 * Tokens are strings rather than symbols so that the CommonJS and the ESM build of this
 * package agree on them when both are loaded in one process.
 */

/**
 * Injection token of the options inside one registration. Each `forRoot`/`forRootAsync`
 * call provides it to its own providers only, so applications cannot inject it.
 */
export const AUTOBAHN_PUSH_MODULE_OPTIONS = 'AUTOBAHN_PUSH_MODULE_OPTIONS';

/** Name of the client registered by a `forRoot` or `forRootAsync` call without `name`. */
export const DEFAULT_CLIENT_NAME = 'default';

/**
 * Prefix of the injection token of a named client: the client `analytics` is provided as
 * `'autobahnpush:client:analytics'`. Use {@link getAutobahnPushToken} rather than building
 * the string yourself.
 */
export const NAMED_CLIENT_TOKEN_PREFIX = 'autobahnpush:client:';

/** Reflect metadata key under which `@Push` stores its settings on a handler. */
export const PUSH_METADATA = 'autobahnpush:push';

/** Context of the Nest `Logger` that this package writes to. */
export const LOGGER_CONTEXT = 'AutobahnPush';

/**
 * Default number of milliseconds that application shutdown waits for in-flight pushes.
 */
export const DEFAULT_DRAIN_TIMEOUT = 5000;

/** Default request header that carries the sender's WAMP session ID. */
export const DEFAULT_SESSION_HEADER = 'x-wamp-session-id';
