import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** The `options` member of a `node:util` `parseArgs` configuration. */
export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

/** Result of `parseArgs` for `flags` in strict mode with positional arguments. */
export type ParsedCommandLine<Flags extends FlagSpec> = ReturnType<
  typeof parseArgs<{ args: string[]; options: Flags; allowPositionals: true; strict: true }>
>;

/**
 * Parses `argv` of `command` with `parseArgs` in strict mode, turning its errors into a
 * {@link UsageError} that names the flag and points at `--help`.
 */
export function parseCommandLine<const Flags extends FlagSpec>(
  command: string,
  argv: readonly string[],
  flags: Flags,
  maxPositionals: number,
): ParsedCommandLine<Flags> {
  const parsed = parseStrict(command, argv, flags);
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals];
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(extra)} for "autobahnpush ${command}": quote JSON ` +
        `so the shell passes it as one argument, or see "autobahnpush ${command} --help".`,
    );
  }

  return parsed;
}

function parseStrict<const Flags extends FlagSpec>(
  command: string,
  argv: readonly string[],
  flags: Flags,
): ParsedCommandLine<Flags> {
  try {
    return parseArgs({ args: [...argv], options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw toUsageError(command, error);
  }
}

function toUsageError(command: string, error: unknown): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^' ]*)/.exec(message)?.[1] ?? 'an option';
  const help = `see "autobahnpush ${command} --help"`;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(`Unknown option ${flag} for "autobahnpush ${command}": ${help}.`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const missing = /argument missing/.test(message);
    return new UsageError(
      missing
        ? `Missing value for ${flag}: write ${flag} VALUE, or ${help}.`
        : `Option ${flag} takes no value: write ${flag} alone, or ${help}.`,
    );
  }

  return new UsageError(`${message} (${help})`);
}

/**
 * Parses the integer value of `flag`.
 *
 * @param description - what the number is, for the error message, for example "a number of milliseconds".
 * @throws {UsageError} unless `value` is an integer from `min` to `max`.
 */
export function parseIntegerFlag(
  value: string,
  flag: string,
  description: string,
  min: number,
  max: number,
): number {
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(
      `Invalid ${flag} ${JSON.stringify(value)}: pass ${description}, an integer from ${min} to ${max}.`,
    );
  }

  return number;
}

/**
 * Parses a JSON flag value such as `--args '[1,2]'`.
 *
 * @param example - a valid value to show in the error message, for example `[1,2]`.
 * @throws {UsageError} when `value` is not valid JSON.
 */
export function parseJsonFlag(value: string, flag: string, example: string): unknown {
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new UsageError(
      `Invalid ${flag} ${preview(value)}: it is not valid JSON (${reasonOf(error)}). ` +
        `Quote it for the shell, for example ${flag} '${example}'.`,
    );
  }
}

/**
 * Parses a comma-separated list of session IDs such as `--exclude 123,456`.
 *
 * Crossbar session IDs are integers; appliance (WAMP v1) session IDs may be strings,
 * so `integersOnly` is false for the appliance protocol.
 */
export function parseSessionIdList(
  value: string,
  flag: string,
  integersOnly: boolean,
): (number | string)[] {
  const items = value.split(',').map((item) => item.trim());

  return items.map((item) => {
    if (/^\d+$/.test(item)) {
      return Number(item);
    }
    if (!integersOnly && item.length > 0 && !/\s/.test(item)) {
      return item;
    }
    throw new UsageError(
      `Invalid ${flag} ${JSON.stringify(value)}: pass comma-separated WAMP session IDs, ` +
        `for example ${flag} 1234567,7654321.`,
    );
  });
}

/** Shortens `text` for an error message and quotes it. */
export function preview(text: string, max = 60): string {
  const shown = text.length > max ? `${text.slice(0, max - 3)}...` : text;

  return JSON.stringify(shown);
}

/** Returns the first line of an error's message. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);

  return message.split('\n')[0] ?? message;
}
