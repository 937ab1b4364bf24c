import { styleText } from 'node:util';
import type { OutputStream } from './io.js';

/** The `util.styleText` formats this program uses. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

/**
 * Tells whether to colour text written to `stream`: only on a terminal, and never when
 * `NO_COLOR` is set to a non-empty value (https://no-color.org). `FORCE_COLOR`,
 * `NODE_DISABLE_COLORS` and `TERM=dumb` are honoured through `hasColors()`.
 */
export function colorEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
    return false;
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
