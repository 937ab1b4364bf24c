// Express 4 is installed under the alias "express4". The runtime API these tests use is the
// same in Express 4 and 5, so the Express 5 typings describe it here. The Express 4
// typings are checked on their own by test/types/tsconfig.express4.json.
declare module 'express4' {
  import express from 'express';
  export default express;
}
