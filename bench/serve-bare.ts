// The baseline for `npm run bench`: express 5 reading the same raw body on the same path and
// answering 200 with an empty body — the least any express callback handler can do.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { MAX_CALLBACK_BYTES } from '../src/gateway/callback-routes.js';
import { CALLBACK_PATH } from './bench-keys.js';
import { announceReady, stopOnRequest } from './child-protocol.js';

const app = express();
// `type: () => true` as in the real route: the default type (application/octet-stream) would skip
// reading a text/xml body and make the baseline do less work than any real handler.
app.post(CALLBACK_PATH, express.raw({ type: () => true, limit: MAX_CALLBACK_BYTES }), (_req, res) => {
  res.status(200).end();
});

const server = await new Promise<Server>((resolve) => {
  const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
});
stopOnRequest(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
announceReady(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
