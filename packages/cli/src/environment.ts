/** Environment variables read as the fallback of the matching flag. */
export const ENV = {
  url: 'AUTOBAHNPUSH_URL',
  key: 'AUTOBAHNPUSH_KEY',
  secret: 'AUTOBAHNPUSH_SECRET',
  protocol: 'AUTOBAHNPUSH_PROTOCOL',
} as const;
