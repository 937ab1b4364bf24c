import type { PushHttpRequest } from '@autobahnpush/core';
import type { Output } from './output.js';
import { toCliError } from './push-failure.js';
import { buildPreviewRequest, formatCurl, formatRequest, maskRequest, type PreviewInput } from './request-preview.js';

/** Output options of {@link printRequest}. */
export interface PrintRequestOptions {
  /** Prints one JSON object `{ method, url, headers, body, curl }`. */
  json: boolean;
  /** Prints the key and the signature instead of `***`. The secret is never part of a request. */
  showSecrets: boolean;
}

/**
 * Prints `request` and an equivalent `curl` command on stdout, with the key, the signature
 * and credential headers masked unless `showSecrets` is set.
 */
export function printRequest(request: PushHttpRequest, options: PrintRequestOptions, output: Output): void {
  const shown = options.showSecrets ? request : maskRequest(request);
  const curl = formatCurl(shown);
  if (options.json) {
    output.json({ method: shown.method, url: shown.url, headers: shown.headers, body: shown.body, curl });
  } else {
    output.line(formatRequest(shown));
    output.line('');
    output.line(curl);
  }

  const masked = !options.showSecrets && JSON.stringify(shown) !== JSON.stringify(request);
  if (masked) {
    output.info('The key, the signature and credential headers are shown as ***; pass --show-secrets to print them.', 'dim');
  }
}

/**
 * Builds the request that `input` describes and prints it with {@link printRequest}.
 *
 * @throws {CliError} with exit code 2 when the topic or payload is invalid.
 */
export function printPreview(input: PreviewInput, options: PrintRequestOptions, output: Output): void {
  let request: PushHttpRequest;
  try {
    request = buildPreviewRequest(input);
  } catch (error) {
    throw toCliError(error);
  }
  printRequest(request, options, output);
}
