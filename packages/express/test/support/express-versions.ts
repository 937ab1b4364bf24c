import express5 from 'express';
import express4 from 'express4';

/** Both supported Express majors, for `describe.each`. */
export const EXPRESS_VERSIONS = [
  { name: 'Express 5', express: express5 },
  { name: 'Express 4', express: express4 },
] as const;

export type ExpressFactory = (typeof EXPRESS_VERSIONS)[number]['express'];
