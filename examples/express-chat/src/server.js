// Runs the chat: `pnpm start`. See README.md for the environment variables.
import { startChat } from './start-chat.js';

let chat;
try {
  chat = await startChat();
} catch (error) {
  console.error(`The chat could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
const via = chat.router ? `the embedded dev router at ${chat.router.wsUrl}` : process.env.AUTOBAHNPUSH_URL;
console.log(`Chat running at ${chat.url}, pushing through ${via}. Press Ctrl+C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    chat.close().then(
      () => process.exit(0),
      (error) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  });
}
