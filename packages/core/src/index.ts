/**
 * `@autobahnpush/core`: push events to WebSocket clients through a WAMP router's HTTP
 * push API (Crossbar.io HTTP bridge, or the older Autobahn.ws appliance).
 *
 * @packageDocumentation
 */

export { assertApplianceMessage, Client, isClient } from './client.js';
export type { PushOptions, RequestOptions, TopicMap } from './client.js';
export type { CallResultOf, CloseOptions, PingOptions, PingResult } from './client.js';
export type { CallInput, CallOptions, ProcedureMap, ProcedureSignature } from './call.js';
export { serializeCall } from './call.js';
export type { CallResult } from './response.js';
export type { ClientOptions, PushProtocol } from './client-options.js';
export type { RetryOptions } from './retry-policy.js';
export { CHANNELS } from './observability.js';
export type { AttemptMessage, Logger, OutcomeMessage, RetryMessage } from './observability.js';
export type { PushReceipt } from './response.js';
export type { Audience, PublishMessage } from './publication.js';
export type { PublishOptions } from './publish-options.js';

export {
  AbortedError,
  AutobahnPushError,
  CallFailedError,
  ClockSkewError,
  ClosedError,
  HttpError,
  InvalidArgumentError,
  isAutobahnPushError,
  NetworkError,
  NoSuchProcedureError,
  PayloadTooLargeError,
  QueueFullError,
  RejectedError,
  TimeoutError,
  UnauthorizedError,
} from './errors.js';
export type { AutobahnPushErrorCode, RequestContext } from './errors.js';

export { buildCrossbarRequest } from './crossbar-request.js';
export type { CrossbarRequestInput } from './crossbar-request.js';
export { buildApplianceRequest } from './appliance-request.js';
export type { ApplianceRequestInput } from './appliance-request.js';
export type { Credentials, PushHttpRequest } from './http-request.js';
export {
  assertPublishMessage,
  serializeCrossbarPublication,
  serializeCrossbarPush,
} from './publication.js';
export {
  createSigningKey,
  signApplianceRequest,
  signCrossbarRequest,
  verifyApplianceSignature,
  verifyCrossbarSignature,
} from './signature.js';
export type { ApplianceSignatureInput, CrossbarSignatureInput, Secret } from './signature.js';
export { formatApplianceTimestamp, formatCrossbarTimestamp } from './timestamp.js';
export { randomNonce } from './nonce.js';
export { assertApplianceTopic, assertWampUri } from './uri.js';
export { assertSessionIds, isSessionId, MAX_SESSION_ID, toApplianceSessionIds } from './session-id.js';
export { serializeJson } from './json.js';
