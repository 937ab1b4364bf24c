import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Request settings of {@link probeEndpoint} besides the method. */
export interface ProbeOptions {
  /** Headers from the module's `headers` option, for example a proxy's bearer token. */
  headers: Record<string, string>;
  /** Certificate authorities from the module's `ca` option, for https endpoints. */
  ca: string | Buffer | Array<string | Buffer> | undefined;
  /** Milliseconds to wait for the response status. */
  timeout: number;
}

/**
 * Sends an HTTP `OPTIONS` request to `url` and returns the response status. Crossbar's
 * HTTP bridge publisher responds 200 with an empty body, which makes this a cheap health
 * check that neither signs nor publishes anything.
 *
 * Each probe opens its own connection (`agent: false`) rather than sharing the client's
 * pool, so a health check does not wait behind pushes for a socket and leaves no idle
 * keep-alive socket behind.
 *
 * @throws {Error} when the connection fails or no response arrives within `timeout` ms;
 *   the message names the URL and the reason.
 */
export function probeEndpoint(url: string, options: ProbeOptions): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(options.timeout);

  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'OPTIONS',
        headers: options.headers,
        agent: false,
        signal,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      (response: IncomingMessage) => {
        // The body is not needed; reading it to the end frees the socket.
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const reason = signal.aborted ? `no response within ${options.timeout} ms` : (error.code ?? error.message);
      reject(new Error(`OPTIONS ${url} failed: ${reason}.`, { cause: error }));
    });
    request.end();
  });
}
