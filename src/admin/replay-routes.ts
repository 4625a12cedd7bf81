import express, { type Response, type Router } from 'express';
import type { PrismaClient } from '../db/prisma.js';

const LIST_LIMIT = 100;

/**
 * What failed visibly, and its replay (spec 1: admins replay failed work). A failed callback goes
 * back to `accepted` and a failed message to `pending`; the relays pick them up as if new, each with
 * a fresh queue job. Lists show ids, kinds, people and errors, never message text.
 */
export function createReplayRoutes(options: { prisma: PrismaClient; onReplayed?: () => void }): Router {
  const { prisma } = options;
  const router = express.Router();

  router.get('/admin/inbound', async (req, res) => {
    const status = statusParam(req.originalUrl);
    const rows = await prisma.inboundEvent.findMany({
      where: status ? { status } : {},
      orderBy: { id: 'desc' },
      take: LIST_LIMIT,
    });
    res.json({
      events: rows.map((row) => ({
        id: String(row.id),
        orgId: row.orgId,
        msgType: row.msgType,
        event: row.event,
        from: row.fromUserId,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        receivedAt: row.receivedAt,
        processedAt: row.processedAt,
      })),
    });
  });

  router.get('/admin/outbox', async (req, res) => {
    const status = statusParam(req.originalUrl);
    const rows = await prisma.outboxMessage.findMany({
      where: status ? { status } : {},
      orderBy: { id: 'desc' },
      take: LIST_LIMIT,
    });
    res.json({
      messages: rows.map((row) => ({
        id: String(row.id),
        orgId: row.orgId,
        kind: row.kind,
        to: row.toUserId,
        status: row.status,
        attempts: row.attempts,
        lastError: row.lastError,
        createdAt: row.createdAt,
        sentAt: row.sentAt,
      })),
    });
  });

  router.post('/admin/inbound/:id/retry', async (req, res) => {
    const id = rowId(req.params.id, res);
    if (id === undefined) return;
    const replayed = await prisma.inboundEvent.updateMany({
      where: { id, status: 'failed' },
      data: { status: 'accepted', queueToken: null },
    });
    if (replayed.count === 0)
      return void explainNotReplayed(
        res,
        await prisma.inboundEvent.findUnique({ where: { id }, select: { status: true } }),
        'event',
      );
    options.onReplayed?.();
    res.status(202).json({ id: String(id), status: 'accepted' });
  });

  router.post('/admin/outbox/:id/retry', async (req, res) => {
    const id = rowId(req.params.id, res);
    if (id === undefined) return;
    const replayed = await prisma.outboxMessage.updateMany({
      where: { id, status: 'failed' },
      data: { status: 'pending', queueToken: null, firstFailedAt: null, notBefore: new Date(0) },
    });
    if (replayed.count === 0)
      return void explainNotReplayed(
        res,
        await prisma.outboxMessage.findUnique({ where: { id }, select: { status: true } }),
        'message',
      );
    options.onReplayed?.();
    res.status(202).json({ id: String(id), status: 'pending' });
  });
  return router;
}

function statusParam(url: string): string | undefined {
  const status = new URL(url, 'http://local').searchParams.get('status');
  return status && /^[a-z]{1,16}$/.test(status) ? status : undefined;
}

function rowId(raw: string | undefined, res: Response): bigint | undefined {
  if (!raw || !/^\d{1,18}$/.test(raw)) {
    res.status(400).json({ error: 'the id must be a number' });
    return undefined;
  }
  return BigInt(raw);
}

function explainNotReplayed(res: Response, row: { status: string } | null, what: string): void {
  if (!row) res.status(404).json({ error: `no such ${what}` });
  else res.status(409).json({ error: `only a failed ${what} can be replayed; this one is ${row.status}` });
}
