import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Logger } from 'pino';
import type { Metrics } from '../shared/metrics.js';
import { refuse } from '../gateway/callback-routes.js';
import { AppError } from '../shared/errors.js';

export interface HttpAppOptions {
  callbackRoutes: Router;
  /** extra routers (admin API, the local simulator) mounted after the callback routes */
  extraRoutes?: Router[];
  metrics: Metrics;
  logger: Logger;
  /** answers which dependency is down, if any: e.g. { postgres: 'ok', redis: 'connection refused' } */
  checkReadiness: () => Promise<Record<string, string>>;
  /** refreshes gauges (queue depths) just before a scrape */
  beforeScrape?: () => Promise<void>;
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', false); // callback queries are read raw (src/gateway/raw-query.ts)

  app.get('/healthz', (_req, res) => {
    res.status(200).type('text/plain').send('ok');
  });

  app.get('/readyz', async (_req, res) => {
    const checks = await options.checkReadiness();
    const failing = Object.entries(checks).filter(([, state]) => state !== 'ok');
    res.status(failing.length === 0 ? 200 : 503).json({ status: failing.length === 0 ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', async (_req, res) => {
    await options
      .beforeScrape?.()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'metrics refresh failed'));
    res.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  app.use(options.callbackRoutes);
  for (const router of options.extraRoutes ?? []) app.use(router);

  const onError: ErrorRequestHandler = (error: { type?: string; status?: number }, req, res, _next) => {
    if (error.type === 'entity.too.large' && req.path.startsWith('/wecom/')) {
      refuse(res, new AppError('BODY_TOO_LARGE', 'callback body over 64 KiB'), options);
      return;
    }
    if (typeof error.status === 'number' && error.status < 500) {
      res.status(error.status).type('text/plain').send('bad request');
      return;
    }
    options.logger.error({ err: error, path: req.path }, 'unhandled HTTP error');
    res.status(500).type('text/plain').send('internal error');
  };
  app.use(onError);
  return app;
}
