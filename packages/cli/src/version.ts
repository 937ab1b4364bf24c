declare const __CLI_VERSION__: string | undefined;

/** Version of this package, set at build time from package.json. */
export const VERSION: string = typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0-dev';
