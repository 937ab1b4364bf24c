// Express 4 is installed under the alias "express4". Its runtime API used by these tests is
// the same as Express 5's, so the Express 5 typings describe it; the Express 4 typings are
// checked separately in test/types/express4.ts.
declare module 'express4' {
  import express = require('express');
  export = express;
}
