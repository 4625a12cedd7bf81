import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Bearer ADMIN_TOKEN, compared in constant time (hashing first makes the lengths equal). */
export function requireAdminToken(adminToken: string): RequestHandler {
  const expected = createHash('sha256').update(adminToken).digest();
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!given || !timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'admin token required' });
      return;
    }
    next();
  };
}
