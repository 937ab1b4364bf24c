import { type ChildProcess, fork } from 'node:child_process';

/** A child process that stays up across scenarios (the sink, the dev router, the subscribers). */
export interface Service<Ready> {
  /** The first message the child sent, which announces that it is ready (for example with its URL). */
  readonly ready: Ready;
  /** Sends a request and resolves with the child's next message. */
  request<Reply>(message: object): Promise<Reply>;
  /** Asks the child to exit and waits until it has. */
  stop(): Promise<void>;
}

/**
 * Forks `script` (a file next to this one in `dist/`), passes `spec` as its only argument
 * in JSON, and resolves with the first message it sends once it has exited with code 0.
 *
 * @throws {Error} when the child exits without a message or with a non-zero code.
 */
export async function runChild<Result>(
  script: string,
  spec: object,
  execArgv: readonly string[] = [],
): Promise<Result> {
  const child = forkScript(script, spec, execArgv);
  const exited = waitForExit(child, script);
  const result = await nextMessage<Result>(child, script);
  await exited;

  return result;
}

/**
 * Forks a long-lived child and waits for its first message, which announces that it is
 * ready. The child must exit when it receives `{ type: 'stop' }`.
 */
export async function startService<Ready>(script: string, spec: object): Promise<Service<Ready>> {
  const child = forkScript(script, spec, []);
  const exited = waitForExit(child, script);
  // Keep a failed exit from becoming an unhandled rejection before stop() awaits it.
  exited.catch(() => undefined);
  const ready = await nextMessage<Ready>(child, script);

  return {
    ready,
    request<Reply>(message: object): Promise<Reply> {
      const reply = nextMessage<Reply>(child, script);
      child.send(message);

      return reply;
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
      }
      await exited;
    },
  };
}

function forkScript(script: string, spec: object, execArgv: readonly string[]): ChildProcess {
  return fork(new URL(script, import.meta.url), [JSON.stringify(spec)], {
    execArgv: [...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function nextMessage<T>(child: ChildProcess, script: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      child.off('message', onMessage);
      reject(new Error(`${script} exited with ${signal ?? `code ${code}`} before it sent a result.`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

function waitForExit(child: ChildProcess, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`${script} exited with ${signal ?? `code ${code}`}.`));
      }
    });
  });
}

/** Reads the JSON spec that {@link runChild} or {@link startService} passed to this process. */
export function readSpec<Spec>(): Spec {
  const argument = process.argv[2];
  if (argument === undefined) {
    throw new Error('Missing spec argument: this file is started by the benchmark harness.');
  }

  return JSON.parse(argument) as Spec;
}

/** Sends one message to the parent and resolves once it has left this process. */
export function sendToParent(message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.send === undefined) {
      reject(new Error('No IPC channel: this file is started by the benchmark harness.'));
      return;
    }
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/** Calls `onStop` when the parent sends `{ type: 'stop' }` or goes away. */
export function onStopRequest(onStop: () => void): void {
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') {
      onStop();
    }
  });
  process.on('disconnect', onStop);
}
