import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createApiRouter } from './api-routes.js';
import { createInspectRouter } from './inspect-routes.js';
import type { FakeWecomState } from './state.js';
import type { RecordedCall } from './types.js';

/**
 * The fake WeCom as an express app: inspection routes, then call recording and injected faults,
 * then the APIs, then a loud 404 for anything else. Exported so a demo process can mount it.
 */
export function createFakeWecomApp(state: FakeWecomState): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(createInspectRouter(state));
  app.use(recordCall(state));
  app.use(applyFault(state));
  app.use(express.json({ limit: '1mb' }));
  app.use(createApiRouter(state));
  app.use((req, res) => {
    res.status(404).json({ error: `fake-wecom: no such API ${req.method} ${req.path}` });
  });
  app.use(answerBadBody);
  return app;
}

/** Records every call with the errcode it was answered; a dropped call keeps httpStatus 0. */
function recordCall(state: FakeWecomState) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const call: RecordedCall = { method: req.method, path: req.path, httpStatus: 0, at: state.nowIso() };
    state.recordedCalls.push(call);
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const errcode = (body as { errcode?: unknown } | null)?.errcode;
      if (typeof errcode === 'number') call.errcode = errcode;
      call.httpStatus = res.statusCode;
      return json(body);
    };
    res.on('finish', () => {
      call.httpStatus = res.statusCode;
    });
    next();
  };
}

function applyFault(state: FakeWecomState) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const fault = state.faults.take(req.path);
    if (!fault) return next();
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.dropConnection) return void req.socket.destroy();
    if (fault.httpStatus)
      return void res.status(fault.httpStatus).type('text/plain').send(`fake-wecom: injected HTTP ${fault.httpStatus}`);
    if (fault.errcode !== undefined)
      return void res.json({ errcode: fault.errcode, errmsg: `fake-wecom: injected errcode ${fault.errcode}` });
    next();
  };
}

/** WeCom answers a body it cannot parse with 47001 (and HTTP 200); the inspection routes with 400. */
function answerBadBody(error: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  const isParseError = (error as { type?: unknown }).type === 'entity.parse.failed';
  if (!isParseError) return void res.status(500).json({ error: `fake-wecom: ${String(error)}` });
  if (req.path.startsWith('/__fake/')) return void res.status(400).json({ error: 'body is not JSON' });
  res.json({ errcode: 47001, errmsg: 'data format error' });
}
