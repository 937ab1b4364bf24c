import { describeValue } from './describe-value.js';
import { InvalidArgumentError } from './errors.js';

/**
 * Serialises `value` with `JSON.stringify`, turning the failures JSON cannot represent
 * into an {@link InvalidArgumentError} that names `member` and its topic or procedure.
 *
 * NOTE: this keeps JSON's own rules for nested values: `undefined`, functions and
 * symbols inside objects are left out, and `NaN` and `Infinity` become `null`, as with
 * `JSON.stringify` anywhere else. Only values that cannot be sent at all are rejected:
 * BigInt, circular structures and a top-level `undefined`, function or symbol.
 */
export function serializeJson(value: unknown, member: string, subject?: { role: string; name: string }): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    const invalidValue = describeMember(member, subject);
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InvalidArgumentError(
      `Invalid ${invalidValue}: JSON cannot represent it (${reason}). Convert BigInt values to ` +
        'strings or numbers and remove circular references.',
      { cause: error },
    );
  }
  if (json === undefined) {
    const invalidValue = describeMember(member, subject);
    throw new InvalidArgumentError(
      `Invalid ${invalidValue}: ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} ` +
        'cannot be sent as JSON; pass null, a string, a number, a boolean, an array or an object.',
    );
  }

  return json;
}

// Built only on failure, so a valid push pays nothing for the message.
function describeMember(member: string, subject: { role: string; name: string } | undefined): string {
  return subject === undefined ? member : `${member} for ${subject.role} ${describeValue(subject.name)}`;
}
