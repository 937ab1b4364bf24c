import type { PublishMessage, PublishOptions } from '@autobahnpush/core';
import { parseCommandLine, parseJsonFlag } from '../args.js';
import type { Command } from '../command.js';
import { type Connection, connectionFlags, resolveConnection } from '../config.js';
import { ExitCode, UsageError } from '../errors.js';
import { CONNECTION_HELP, EXIT_CODES_HELP } from '../help-text.js';
import type { Io } from '../io.js';
import { Output } from '../output.js';

/** Options of the `publish` command. */
export interface PublishCommandOptions {
  topic: string;
  message: PublishMessage;
  connection: Connection;
  json: boolean;
  dryRun: boolean;
  showSecrets: boolean;
}

const flags = {
  ...connectionFlags,
  args: { type: 'string' },
  kwargs: { type: 'string' },
  options: { type: 'string' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
} as const;

const help = `Usage: autobahnpush publish <topic> [--args JSON] [--kwargs JSON] [--options JSON] [options]

Publish the full WAMP form: positional args, keyword kwargs and publish options, which
the router passes on unchanged. Subscribers receive (args, kwargs, details).

${CONNECTION_HELP}

Publish:
  --args JSON             array of positional arguments, for example '[1, "two"]'
  --kwargs JSON           object of keyword arguments, for example '{"id": 42}'
  --options JSON          WAMP publish options: exclude, eligible, exclude_authid,
                          eligible_authid, exclude_authrole, eligible_authrole,
                          exclude_me, retain
  --json                  print one JSON object {ok, topic, protocol, id} instead
  --dry-run               print the request and an equivalent curl command, send nothing
  --show-secrets          with --dry-run, print the key and the signature unmasked

The appliance protocol carries only --args with one element, and the exclude and
eligible options.

${EXIT_CODES_HELP}

Examples:
  autobahnpush publish com.example.orders --args '[42]' --kwargs '{"status":"paid"}'
  autobahnpush publish com.example.chat --args '["hi"]' --options '{"exclude":[1234567]}'
`;

async function parse(argv: readonly string[], io: Io): Promise<PublishCommandOptions> {
  const { values, positionals } = parseCommandLine('publish', argv, flags, 1);
  const [topic] = positionals;
  if (topic === undefined) {
    throw new UsageError(
      'Missing topic: write autobahnpush publish TOPIC --args JSON, for example autobahnpush publish com.example.orders --args \'[42]\'.',
    );
  }
  const message: PublishMessage = {};
  if (values.args !== undefined) {
    const args = parseJsonFlag(values.args, '--args', '[42]');
    if (!Array.isArray(args)) {
      throw new UsageError(`Invalid --args ${JSON.stringify(values.args)}: pass a JSON array, for example --args '[42]'.`);
    }
    message.args = args;
  }
  if (values.kwargs !== undefined) {
    message.kwargs = parseObjectFlag(values.kwargs, '--kwargs', '{"id":42}');
  }
  if (values.options !== undefined) {
    message.options = parseObjectFlag(values.options, '--options', '{"exclude":[1234567]}') as PublishOptions;
  }

  if (values['show-secrets'] === true && values['dry-run'] !== true) {
    throw new UsageError('Option --show-secrets applies only with --dry-run: add --dry-run or remove it.');
  }

  return {
    topic,
    message,
    connection: await resolveConnection(values, io.env, io.cwd),
    json: values.json === true,
    dryRun: values['dry-run'] === true,
    showSecrets: values['show-secrets'] === true,
  };
}

function parseObjectFlag(value: string, flag: string, example: string): Record<string, unknown> {
  const parsed = parseJsonFlag(value, flag, example);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`Invalid ${flag} ${JSON.stringify(value)}: pass a JSON object, for example ${flag} '${example}'.`);
  }

  return parsed as Record<string, unknown>;
}

/** Runs `autobahnpush publish`: sends one publication in the full WAMP form, or previews it. */
export async function publish(options: PublishCommandOptions, io: Io): Promise<ExitCode> {
  const output = new Output(io);
  for (const warning of options.connection.warnings) {
    output.warn(warning);
  }
  const payload = { message: options.message };
  // Loaded only now, so that --help and usage errors do not wait for the HTTP client to load.
  if (options.dryRun) {
    const { printPreview } = await import('../print-request.js');
    printPreview({ connection: options.connection, topic: options.topic, payload }, options, output);

    return ExitCode.Success;
  }
  const { sendOne } = await import('../send-one.js');

  return sendOne({ connection: options.connection, topic: options.topic, payload, json: options.json }, io);
}

/** The `publish` command. */
export const publishCommand: Command<PublishCommandOptions> = { help, parse, run: publish };
