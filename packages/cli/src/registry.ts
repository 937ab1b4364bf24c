import type { Command } from './command.js';

/** A subcommand's name, summary and loader, available before its module is loaded. */
export interface CommandEntry {
  name: string;
  /** One line for the overview help. */
  summary: string;
  /** Imports the command's module on demand, so start-up loads only the command that runs. */
  load(): Promise<Command<unknown>>;
}

/** Every subcommand, in the order the overview help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'push',
    summary: 'push one event, or every line of an NDJSON file',
    load: async () => (await import('./commands/push.js')).pushCommand as Command<unknown>,
  },
  {
    name: 'publish',
    summary: 'publish the full WAMP form: args, kwargs and options',
    load: async () => (await import('./commands/publish.js')).publishCommand as Command<unknown>,
  },
  {
    name: 'call',
    summary: 'call a WAMP procedure through the HTTP bridge Caller',
    load: async () => (await import('./commands/call.js')).callCommand as Command<unknown>,
  },
  {
    name: 'subscribe',
    summary: 'print each event on a topic as one NDJSON line',
    load: async () => (await import('./commands/subscribe.js')).subscribeCommand as Command<unknown>,
  },
  {
    name: 'sign',
    summary: 'print the signed request and a curl command, send nothing',
    load: async () => (await import('./commands/sign.js')).signCommand as Command<unknown>,
  },
  {
    name: 'ping',
    summary: 'check that the push endpoint responds',
    load: async () => (await import('./commands/ping.js')).pingCommand as Command<unknown>,
  },
  {
    name: 'dev',
    summary: 'run a local WAMP router with HTTP push endpoints',
    load: async () => (await import('./commands/dev.js')).devCommand as Command<unknown>,
  },
];
