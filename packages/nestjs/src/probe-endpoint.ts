/**
 * Sends an HTTP `OPTIONS` request to `endpoint` and returns the response status. Crossbar's
 * HTTP bridge publisher answers 200 with an empty body, which makes this a cheap health check
 * that neither signs nor publishes anything.
 *
 * @throws {Error} when the connection fails or no response arrives within `timeout` ms.
 */
export async function probeEndpoint(
  endpoint: URL,
  headers: Record<string, string>,
  timeout: number,
): Promise<number> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'OPTIONS',
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no response within ${timeout} ms`
        : describeFetchError(error);
    throw new Error(`OPTIONS ${endpoint.origin}${endpoint.pathname} failed: ${reason}.`, {
      cause: error,
    });
  }
  // Release the connection; the body of an OPTIONS response is not needed.
  await response.body?.cancel();

  return response.status;
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === 'string') {
    return cause.code;
  }

  return typeof cause?.message === 'string' ? cause.message : error.message;
}
