import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleCall } from './call-endpoint.js';
import type { EndpointContext } from './endpoint-context.js';
import { handlePublish } from './publish-endpoint.js';
import { handlePush } from './push-endpoint.js';
import { parseQuery } from './query.js';
import { sendBridgeError, sendText } from './responses.js';

/** Creates the HTTP request listener that routes `/publish`, `/call` and `/push`; every other path is a 404. */
export function createRequestListener(context: EndpointContext): (request: IncomingMessage, response: ServerResponse) => void {
  return function routeRequest(request, response) {
    const target = request.url ?? '/';
    const queryStart = target.indexOf('?');
    const path = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = parseQuery(queryStart < 0 ? '' : target.slice(queryStart + 1));

    let handled: Promise<void>;
    if (path === '/publish') handled = handlePublish(request, response, query, context);
    else if (path === '/call') handled = handleCall(request, response, query, context);
    else if (path === '/push') handled = handlePush(request, response, query, context);
    else {
      request.resume();
      sendText(response, 404, `Not found: ${path}. The dev router serves POST /publish, POST /call, POST /push and WebSocket /ws.`);

      return;
    }

    handled.catch((error: unknown) => {
      context.options.logger.error('Unexpected error while handling an HTTP request', { path, error });
      if (response.headersSent) response.destroy();
      else if (path === '/publish' || path === '/call') sendBridgeError(response, 500, 'Internal error in the dev router.');
      else sendText(response, 500, 'Internal error in the dev router.');
    });
  };
}
