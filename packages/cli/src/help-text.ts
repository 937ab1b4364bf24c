/** Help lines of the connection flags shared by `push`, `publish` and `sign`. */
export const CONNECTION_HELP = `Connection (a flag wins over its environment variable):
  --url URL               push endpoint, for example http://127.0.0.1:8080/publish;
                          repeat it to fail over to further routers
                          (env AUTOBAHNPUSH_URL, URLs separated by commas)
  --protocol NAME         crossbar (default) or appliance (env AUTOBAHNPUSH_PROTOCOL)
  --key KEY               application key of a signed endpoint (env AUTOBAHNPUSH_KEY)
  --secret-file PATH      file that contains the secret (env AUTOBAHNPUSH_SECRET)
  --secret SECRET         the secret itself; it leaks into shell history, so prefer
                          --secret-file or AUTOBAHNPUSH_SECRET
  --timeout MS            milliseconds each request may take to connect, then to receive
                          the response headers, then its body (default 10000)
  --header "NAME: VALUE"  extra request header, for example for a proxy; repeatable
  --max-body-bytes N      reject a larger request body before sending it
  --retries N             retries of a push that provably did not reach the router, such
                          as a refused connection or a 503 (default 2, 0 turns them off)
  --pipelining N          requests in flight at once on one socket (default 8); 1 turns
                          HTTP/1.1 pipelining off for a proxy that mishandles it
  --verbose               log each attempt, retry and success on stderr`;

/** Help lines of the exit codes, shared by every command. */
export const EXIT_CODES_HELP = `Exit codes: 0 success, 1 the request to the router failed, 2 invalid usage or input.`;
