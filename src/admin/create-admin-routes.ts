import express, { type Router } from 'express';
import type { PrismaClient } from '../db/prisma.js';
import type { OrgRegistry } from '../runtime/org-runtime.js';
import { describeSchedules } from '../schedules/describe-schedules.js';
import type { Clock } from '../shared/clock.js';
import { verifyRegister } from '../workflows/seal/seal-register.js';
import { createReplayRoutes } from './replay-routes.js';
import { requireAdminToken } from './require-admin-token.js';

/** The admin API, only when ADMIN_TOKEN is set. */
export function createAdminRoutes(options: {
  adminToken: string;
  prisma: PrismaClient;
  orgs: OrgRegistry;
  /** the service's clock: "next run" is after its now */
  clock: Clock;
  onReplayed?: () => void;
}): Router {
  const router = express.Router();
  /** ?org=<id>, else the default organisation */
  const orgOf = (originalUrl: string) => {
    const orgParam = new URL(originalUrl, 'http://local').searchParams.get('org');
    return { org: orgParam ? options.orgs.get(orgParam) : options.orgs.defaultOrg(), orgParam };
  };
  router.use('/admin', requireAdminToken(options.adminToken));

  /** Checks the 用印登记 hash chain; 200 with isIntact, or 409 naming the first broken record. */
  router.get('/admin/seal-register/verify', async (req, res) => {
    const { org, orgParam } = orgOf(req.originalUrl);
    if (!org) return void res.status(404).json({ error: `no organisation ${orgParam}` });
    const verification = await verifyRegister(options.prisma, org.orgId);
    res.status(verification.isIntact ? 200 : 409).json(verification);
  });

  /** Each schedule with its cron, next run, last run and lateness, in the service's time. */
  router.get('/admin/schedules', async (req, res) => {
    const { org, orgParam } = orgOf(req.originalUrl);
    if (!org) return void res.status(404).json({ error: `no organisation ${orgParam}` });
    const now = options.clock.now();
    res.json({ org: org.orgId, now: now.toISOString(), schedules: await describeSchedules(options.prisma, org, now) });
  });

  router.use(createReplayRoutes({ prisma: options.prisma, onReplayed: options.onReplayed }));
  return router;
}
