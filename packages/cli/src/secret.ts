import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { reasonOf } from './args.js';
import { ENV } from './environment.js';
import { UsageError } from './errors.js';

/** Warning printed when the secret is given on the command line. */
export const SECRET_FLAG_WARNING =
  'Warning: --secret leaves the secret in your shell history and in the process list; ' +
  `set ${ENV.secret} or use --secret-file instead.`;

/**
 * Resolves the secret from `--secret-file`, `--secret` (with a warning), then
 * `AUTOBAHNPUSH_SECRET`. The secret never appears in a message.
 */
export async function resolveSecret(
  values: { secret?: string | undefined; 'secret-file'?: string | undefined },
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ secret: string | undefined; warnings: string[] }> {
  const file = values['secret-file'];
  if (file !== undefined && values.secret !== undefined) {
    throw new UsageError('Both --secret and --secret-file were given: pass only --secret-file.');
  }
  if (file !== undefined) {
    return { secret: await readSecretFile(file, cwd), warnings: [] };
  }
  if (values.secret !== undefined) {
    if (values.secret === '') {
      throw new UsageError('Invalid --secret "": the secret must not be empty.');
    }

    return { secret: values.secret, warnings: [SECRET_FLAG_WARNING] };
  }

  const fromEnv = env[ENV.secret];

  return { secret: fromEnv === '' ? undefined : fromEnv, warnings: [] };
}

async function readSecretFile(file: string, cwd: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read --secret-file ${JSON.stringify(file)} (${reasonOf(error)}): check the path ` +
        'and its permissions.',
    );
  }
  // Editors and `echo` end files with a newline that is not part of the secret.
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '') {
    throw new UsageError(
      `The --secret-file ${JSON.stringify(file)} is empty: write the secret into it.`,
    );
  }

  return secret;
}
