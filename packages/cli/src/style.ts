import { styleText } from 'node:util';
import type { OutputStream } from './io.js';

/** The `util.styleText` formats this program uses. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

/**
 * Tells whether to colour text written to `stream`. `NO_COLOR` set to a non-empty value
 * (https://no-color.org) turns colour off, and wins over `FORCE_COLOR`, which turns it on
 * even for a pipe unless it is `0` or `false`. Otherwise only a terminal gets colour, as
 * its `hasColors()` decides from `TERM` and `NODE_DISABLE_COLORS`.
 */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
  }
  if (env.FORCE_COLOR !== undefined) {
    return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  }
  if (stream.isTTY !== true || typeof stream.hasColors !== 'function') {
    return false;
  }

  return stream.hasColors(16, env);
}

/** Returns a function that styles text for `stream`, or leaves it plain where colour is off. */
export function createStyler(
  stream: OutputStream,
  env: NodeJS.ProcessEnv,
): (style: Style, text: string) => string {
  if (!colorEnabled(stream, env)) {
    return (_style, text) => text;
  }

  // We decided above; newer Node releases would otherwise check process.stdout instead.
  return (style, text) => styleText(style, text, { validateStream: false });
}
