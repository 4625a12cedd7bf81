import express, { type Router } from 'express';
import type { PrismaClient } from '../db/prisma.js';
import type { OrgRegistry } from '../runtime/org-runtime.js';
import { verifyRegister } from '../workflows/seal/seal-register.js';
import { createReplayRoutes } from './replay-routes.js';
import { requireAdminToken } from './require-admin-token.js';

/** The admin API, only when ADMIN_TOKEN is set. */
export function createAdminRoutes(options: {
  adminToken: string;
  prisma: PrismaClient;
  orgs: OrgRegistry;
  onReplayed?: () => void;
}): Router {
  const router = express.Router();
  router.use('/admin', requireAdminToken(options.adminToken));

  /** Checks the 用印登记 hash chain; 200 with isIntact, or 409 naming the first broken record. */
  router.get('/admin/seal-register/verify', async (req, res) => {
    const orgParam = new URL(req.originalUrl, 'http://local').searchParams.get('org');
    const org = orgParam ? options.orgs.get(orgParam) : options.orgs.defaultOrg();
    if (!org) {
      res.status(404).json({ error: `no organisation ${orgParam}` });
      return;
    }
    const verification = await verifyRegister(options.prisma, org.orgId);
    res.status(verification.isIntact ? 200 : 409).json(verification);
  });

  router.use(createReplayRoutes({ prisma: options.prisma, onReplayed: options.onReplayed }));
  return router;
}
