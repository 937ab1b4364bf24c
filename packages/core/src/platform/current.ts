// The Node.js build's platform. The build for other runtimes replaces this module by
// ./web.ts (see tsdown.config.ts), so only this file decides which one is bundled.
export { platform } from './node.js';
