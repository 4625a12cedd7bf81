import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { ExtraRouteDeps } from '../app/start-xiaoban.js';
import type { FakeWecomControl } from '../fake-wecom/types.js';
import type { CallbackKeys } from '../gateway/callback-crypto.js';
import { systemClock, type Clock, type MovableClock } from '../shared/clock.js';
import { sendFileAs, sendTextAs, TapRefused, tapButtonAs, type ActingContext } from './act-as-person.js';
import { buildConversation } from './build-conversation.js';
import { createClockRoutes } from './clock-routes.js';
import { inspectCard, type WorkflowVocabulary } from './inspect-card.js';
import { inspectSystem } from './inspect-system.js';
import { listPeople } from './list-people.js';
import { SimulatorState } from './simulator-state.js';

export interface SimulatorRouteOptions {
  /** the in-process fake WeCom: what the bot sent, and fresh click response codes */
  fake: FakeWecomControl;
  /** the callback keys the service verifies with; the simulator signs with the same ones */
  keys: CallbackKeys;
  agentId: number;
  deps: ExtraRouteDeps;
  /**
   * The service's clock. Default: the system clock. A movable one (main.ts gives the demo one)
   * turns on time travel: /simulator/api/clock.
   */
  clock?: Clock | MovableClock;
  /**
   * The workflows' Chinese names for their states and actions, shown in the 卡片背后 panel beside
   * the internal names (「审批中 in_approval」). Default: internal names only.
   */
  describe?: WorkflowVocabulary;
}

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const sendSchema = z.object({ userId: z.string().min(1), content: z.string().trim().min(1).max(2000) });
/** Room for a file over WeCom's 20 MB, so the page can show how the bot refuses one. */
const MAX_SIMULATED_FILE = '32mb';
const sendFileQuery = z.object({ userId: z.string().min(1), name: z.string().trim().min(1).max(255) });
const tapSchema = z.object({
  userId: z.string().min(1),
  taskId: z.string().min(1).max(128),
  key: z.string().min(1).max(1024),
});

/**
 * The local WeCom simulator (issue 4): the page under /simulator/ and its JSON API under
 * /simulator/api/. Mount it only with the fake WeCom (XIAOBAN_FAKE_WECOM=1, never in production):
 * anyone who reaches it can act as anyone.
 */
export function createSimulatorRoutes(options: SimulatorRouteOptions): Router {
  const { fake, deps } = options;
  const state = new SimulatorState();
  const org = () => deps.orgs.defaultOrg();
  const acting = (): ActingContext => ({
    fake,
    keys: options.keys,
    agentId: options.agentId,
    clock: options.clock ?? systemClock,
    state,
    baseUrl: deps.selfUrl(),
  });
  const isKnown = (userId: string): boolean => org().directory.person(userId)?.isActive === true;
  const nameOf = (userId: string): string => org().directory.person(userId)?.name ?? userId;

  const router = Router();
  router.use('/simulator/api', express.json({ limit: '16kb' }), (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  router.get('/simulator/api/people', (_req, res) => {
    res.json({
      orgName: org().directory.config.org.name,
      timezone: org().timezone,
      people: listPeople(org().directory),
    });
  });

  // How many messages the bot has sent each person, so the page can badge the ones with news.
  router.get('/simulator/api/inbox-counts', (_req, res) => {
    const counts: Record<string, number> = {};
    for (const message of fake.messages()) counts[message.toUser] = (counts[message.toUser] ?? 0) + 1;
    res.json(counts);
  });

  router.get('/simulator/api/chat/:userId', (req, res) => {
    const { userId } = req.params;
    if (!isKnown(userId)) return void refuse(res, 404, '通讯录中没有这个人');
    res.json({
      entries: buildConversation({
        userId,
        typed: state.typedBy(userId),
        received: fake.messages({ toUser: userId }),
        cardUpdates: fake.cardUpdates(),
      }),
    });
  });

  router.post('/simulator/api/send', async (req, res) => {
    const parsed = sendSchema.safeParse(req.body);
    if (!parsed.success) return void refuse(res, 400, '请选择身份并输入内容（最多 2000 字）');
    if (!isKnown(parsed.data.userId)) return void refuse(res, 400, '通讯录中没有这个人');
    res.json(await sendTextAs(acting(), parsed.data.userId, parsed.data.content));
  });

  // A file the person picked: the raw bytes as the body, who and the name in the query.
  router.post(
    '/simulator/api/send-file',
    express.raw({ type: () => true, limit: MAX_SIMULATED_FILE }),
    async (req, res) => {
      // the service parses no query strings (the callback's are read raw): read this one here
      const query = new URL(req.originalUrl, 'http://simulator').searchParams;
      const parsed = sendFileQuery.safeParse({ userId: query.get('userId'), name: query.get('name') });
      if (!parsed.success || !Buffer.isBuffer(req.body) || req.body.byteLength === 0)
        return void refuse(res, 400, '请选择身份和一个不为空的文件');
      if (!isKnown(parsed.data.userId)) return void refuse(res, 400, '通讯录中没有这个人');
      res.json(await sendFileAs(acting(), parsed.data.userId, { name: parsed.data.name, bytes: req.body }));
    },
  );

  // A file in the chat (sent or received), while the fake WeCom keeps it (3 days).
  router.get('/simulator/api/files/:mediaId', (req, res) => {
    const media = fake.media(req.params.mediaId);
    if (!media) return void refuse(res, 404, '文件已过期或不存在（企业微信只保留 3 天）');
    res.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(media.fileName)}`);
    res.type('application/octet-stream').send(media.bytes);
  });

  router.post('/simulator/api/tap', async (req, res) => {
    const parsed = tapSchema.safeParse(req.body);
    if (!parsed.success) return void refuse(res, 400, '点击事件缺少身份、卡片或按钮');
    try {
      res.json(await tapButtonAs(acting(), parsed.data.userId, parsed.data.taskId, parsed.data.key));
    } catch (error) {
      if (!(error instanceof TapRefused)) throw error;
      refuse(res, 400, error.message);
    }
  });

  router.get('/simulator/api/cards/:taskId', async (req, res) => {
    const inspection = await inspectCard({
      prisma: deps.prisma,
      orgId: org().orgId,
      taskId: req.params.taskId,
      timezone: org().timezone,
      nameOf,
      vocabulary: options.describe,
    });
    if (!inspection) return void refuse(res, 404, '卡片登记表（card）中没有这张卡片');
    res.json(inspection);
  });

  router.get('/simulator/api/system', async (_req, res) => {
    res.json(
      await inspectSystem({
        prisma: deps.prisma,
        queueCounts: deps.queueCounts,
        callbacks: state.recentCallbacks(),
        timezone: org().timezone,
      }),
    );
  });

  router.use(createClockRoutes({ clock: options.clock ?? systemClock, deps }));
  router.use('/simulator/api', (_req, res) => void refuse(res, 404, '没有这个接口'));
  router.use('/simulator', express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0 }));
  return router;
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}
