import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_WAMP_ID } from '../ids.js';
import { WampUri } from '../wamp/message-types.js';
import { DEFAULT_PUBLISH_OPTIONS } from '../wamp/publish-options.js';
import { readBody } from './body.js';
import type { EndpointContext } from './endpoint-context.js';
import { parseQuery, type QueryParameters } from './query.js';
import { sendEmpty, sendText } from './responses.js';
import { computeSignature, signaturesMatch } from './signature.js';
import { isOutsideWindow, parseApplianceTimestamp } from './timestamp.js';

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Serves `/push`, the Autobahn.ws appliance REST push endpoint (WAMP v1 era).
 * The body is the raw JSON event although the Content-Type must be
 * `application/x-www-form-urlencoded`. Success is 202 with an empty body and
 * failures are one line of plain text. The event reaches WAMP v2 subscribers
 * of the topic as `args[0]`.
 */
export async function handlePush(request: IncomingMessage, response: ServerResponse, query: QueryParameters, context: EndpointContext): Promise<void> {
  const { options } = context;
  const reject = (status: number, message: string): void => {
    options.logger.debug('Appliance push rejected', { status, message });
    sendText(response, status, message);
  };

  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    reject(405, `Method ${request.method ?? ''} not allowed on /push: use POST.`);

    return;
  }

  const body = await readBody(request, options.pushBodyLimit);
  const contentType = request.headers['content-type'];
  if (contentType !== FORM_CONTENT_TYPE) {
    return reject(400, `Unsupported Content-Type '${contentType ?? ''}': send exactly '${FORM_CONTENT_TYPE}' (the body is still the JSON event).`);
  }
  if (body.tooLarge) return reject(400, `Request body too large: ${body.length} bytes, the limit is ${options.pushBodyLimit} bytes.`);

  const topicUri = query.get('topicuri')?.toString('utf8');
  const topicParameter = query.get('topic')?.toString('utf8');
  const topic = topicUri ?? topicParameter;
  if (topic === undefined || topic === '') return reject(400, "Missing query parameter 'topicuri' (or 'topic'): give the topic to push to.");
  if (topicUri !== undefined && topicParameter !== undefined && topicUri !== topicParameter) {
    return reject(400, `Query parameters 'topicuri' ('${topicUri}') and 'topic' ('${topicParameter}') differ: send the same topic in both, or only one.`);
  }

  // Empty values count as absent, as in the appliance.
  const appkey = nonEmpty(query.get('appkey'));
  const timestamp = nonEmpty(query.get('timestamp'));
  const signature = nonEmpty(query.get('signature'));
  const signingParameters = [appkey, timestamp, signature].filter((value) => value !== undefined).length;
  if (signingParameters !== 0 && signingParameters !== 3) {
    return reject(400, "Query parameters 'appkey', 'timestamp' and 'signature' go together: send all three or none.");
  }
  if (signingParameters === 0 && options.credentials !== undefined) {
    return reject(400, "Missing query parameters 'appkey', 'timestamp' and 'signature': this endpoint only accepts signed requests.");
  }

  if (timestamp !== undefined) {
    const text = timestamp.toString('utf8');
    const parsed = parseApplianceTimestamp(text);
    if (parsed === undefined) return reject(400, `Invalid timestamp '${text}': send UTC time as YYYY-MM-DDTHH:MM:SSZ without fraction, e.g. '2012-10-14T16:59:51Z'.`);

    const nowMs = Date.now();
    if (isOutsideWindow(parsed, nowMs, options.timestampDeltaLimit)) {
      const deltaSeconds = Math.round(Math.abs(parsed - nowMs) / 1000);
      return reject(400, `Request expired: timestamp '${text}' is ${deltaSeconds} s away from the router clock, more than the ${options.timestampDeltaLimit} s allowed.`);
    }
  }

  // Releases from 2012 took the event from a 'body' form field, later ones
  // from 'event', in the query or in a form-encoded request body.
  const eventBytes = query.get('event') ?? query.get('body') ?? formEventField(body.bytes) ?? body.bytes;

  // On a router without credentials the signature is not checked, as on /publish.
  if (options.credentials !== undefined) {
    if (!appkey!.equals(Buffer.from(options.credentials.key, 'utf8'))) {
      return reject(400, `Unknown application key '${appkey!.toString('utf8')}': sign with the key the router was started with.`);
    }

    const expected = computeSignature(options.credentials.secret, [Buffer.from(topic, 'utf8'), appkey!, timestamp!, eventBytes]);
    if (!signaturesMatch(signature!, expected)) {
      return reject(401, 'Invalid signature: expected base64url with padding of HMAC-SHA256(appsecret, topic + appkey + timestamp + body).');
    }
  }

  let event: unknown;
  try {
    event = JSON.parse(UTF8.decode(eventBytes));
  } catch {
    return reject(400, 'Event is not valid JSON in UTF-8: send the JSON serialisation of the event as the request body.');
  }

  const exclude = parseSessionIds(query.get('exclude'));
  const eligible = parseSessionIds(query.get('eligible'));
  const rawOptions: Record<string, unknown> = {};
  if (exclude !== undefined) rawOptions.exclude = exclude.entries;
  if (eligible !== undefined) rawOptions.eligible = eligible.entries;

  const outcome = context.broker.publish({
    topic,
    args: [event],
    kwargs: {},
    options: { ...DEFAULT_PUBLISH_OPTIONS, exclude: exclude?.ids, eligible: eligible?.ids },
    rawOptions,
    publisher: undefined,
    source: 'appliance',
    checkTopicUri: false,
  });
  if (!outcome.ok) {
    return reject(outcome.error === WampUri.notAuthorized ? 401 : 400, `Push rejected (${outcome.error}): ${outcome.message}.`);
  }

  sendEmpty(response, 202);
}

/**
 * Returns the `event` (or older `body`) field of a form-encoded request body.
 * A body that is valid JSON is always the event itself, even when it contains
 * text such as `&event=`.
 */
function formEventField(bytes: Buffer): Buffer | undefined {
  const text = bytes.toString('latin1');
  try {
    JSON.parse(text);

    return undefined;
  } catch {
    const fields = parseQuery(text);

    return fields.get('event') ?? fields.get('body');
  }
}

function nonEmpty(value: Buffer | undefined): Buffer | undefined {
  return value === undefined || value.length === 0 ? undefined : value;
}

/**
 * Splits a comma-separated list of session IDs. Entries that are not the
 * decimal form of a WAMP v2 session ID (for example WAMP v1 string IDs) are
 * kept in `entries` but match no session.
 */
function parseSessionIds(value: Buffer | undefined): { entries: string[]; ids: number[] } | undefined {
  if (value === undefined) return undefined;

  const entries = value.toString('utf8').split(',').map((entry) => entry.trim());
  const ids = entries.filter((entry) => /^\d{1,16}$/u.test(entry)).map(Number).filter((id) => id >= 1 && id <= MAX_WAMP_ID);

  return { entries, ids };
}
