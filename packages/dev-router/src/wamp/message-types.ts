/** WAMP v2 message type codes used by the router (basic and advanced profile). */
export const MessageType = {
  HELLO: 1,
  WELCOME: 2,
  ABORT: 3,
  GOODBYE: 6,
  ERROR: 8,
  PUBLISH: 16,
  PUBLISHED: 17,
  SUBSCRIBE: 32,
  SUBSCRIBED: 33,
  UNSUBSCRIBE: 34,
  UNSUBSCRIBED: 35,
  EVENT: 36,
  CALL: 48,
  CANCEL: 49,
  RESULT: 50,
  REGISTER: 64,
  REGISTERED: 65,
  UNREGISTER: 66,
  UNREGISTERED: 67,
  INVOCATION: 68,
  INTERRUPT: 69,
  YIELD: 70,
} as const;

/** A decoded WAMP message: an array whose first element is the message type code. */
export type WampMessage = readonly unknown[];

/** A JSON object as it appears in WAMP `Details` and `Options` fields. */
export type WampDict = Record<string, unknown>;

/** Returns `true` for a plain JSON object (not an array, not null). */
export function isDict(value: unknown): value is WampDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** WAMP error and close reason URIs sent by the router. */
export const WampUri = {
  noSuchRealm: 'wamp.error.no_such_realm',
  protocolViolation: 'wamp.error.protocol_violation',
  invalidUri: 'wamp.error.invalid_uri',
  invalidArgument: 'wamp.error.invalid_argument',
  notAuthorized: 'wamp.error.not_authorized',
  noSuchSubscription: 'wamp.error.no_such_subscription',
  noSuchProcedure: 'wamp.error.no_such_procedure',
  procedureAlreadyExists: 'wamp.error.procedure_already_exists',
  noSuchRegistration: 'wamp.error.no_such_registration',
  canceled: 'wamp.error.canceled',
  runtimeError: 'wamp.error.runtime_error',
  goodbyeAndOut: 'wamp.close.goodbye_and_out',
  systemShutdown: 'wamp.close.system_shutdown',
} as const;
