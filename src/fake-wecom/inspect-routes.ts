import express, { Router } from 'express';
import { z } from 'zod';
import type { FakeWecomState } from './state.js';

const faultSchema = z
  .object({
    path: z.string().startsWith('/').optional(),
    errcode: z.number().int().optional(),
    httpStatus: z.number().int().min(100).max(599).optional(),
    latencyMs: z.number().int().min(0).optional(),
    dropConnection: z.boolean().optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();

const contactsSchema = z.object({
  departments: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      parentid: z.number().int(),
      department_leader: z.array(z.string()).optional(),
    }),
  ),
  users: z.array(
    z.object({
      userid: z.string().min(1),
      name: z.string(),
      department: z.array(z.number().int()),
      position: z.string().optional(),
      is_leader_in_dept: z.array(z.number().int()).optional(),
      status: z.number().int().optional(),
    }),
  ),
});

const clickCodeSchema = z.object({ taskId: z.string().min(1), userId: z.string().min(1) });

/** /__fake/...: the HTTP mirror of FakeWecomControl, for the bench and the demo in other processes. */
export function createInspectRouter(state: FakeWecomState): Router {
  const router = Router();
  router.use('/__fake', express.json());

  router.get('/__fake/messages', (req, res) => {
    const toUser = typeof req.query.touser === 'string' ? req.query.touser : undefined;
    res.json(state.messages({ toUser }));
  });
  router.get('/__fake/files', (req, res) => {
    const toUser = typeof req.query.touser === 'string' ? req.query.touser : undefined;
    res.json(state.files({ toUser }));
  });
  // A file a member sends the app (the simulator, a test in another process): the raw bytes as the
  // body, the name in ?name=; answers the media_id to put in the file message's callback.
  router.post('/__fake/member-files', express.raw({ type: () => true, limit: '64mb' }), (req, res) => {
    const fileName = typeof req.query.name === 'string' ? req.query.name.trim() : '';
    if (fileName === '' || !Buffer.isBuffer(req.body))
      return void res.status(400).json({ error: 'send the bytes as the body and the name as ?name=' });
    const mediaId = state.registerMemberFile({ fileName, bytes: req.body });
    res.json({ mediaId, sha256: state.media(mediaId)!.sha256, sizeBytes: req.body.byteLength });
  });
  router.get('/__fake/media/:mediaId', (req, res) => {
    const media = state.media(req.params.mediaId);
    if (!media) return void res.status(404).json({ error: 'no such media, or older than 3 days' });
    res.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(media.fileName)}`);
    res.type('application/octet-stream').send(media.bytes);
  });
  router.get('/__fake/card-updates', (_req, res) => void res.json(state.cardUpdates()));
  router.get('/__fake/calls', (_req, res) => void res.json(state.calls()));

  router.post('/__fake/faults', (req, res) => {
    const parsed = faultSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
    state.injectFault(parsed.data);
    res.status(204).end();
  });
  router.delete('/__fake/faults', (_req, res) => {
    state.clearFaults();
    res.status(204).end();
  });
  router.post('/__fake/expire-tokens', (_req, res) => {
    state.expireTokens();
    res.status(204).end();
  });
  router.post('/__fake/click-code', (req, res) => {
    const parsed = clickCodeSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
    if (!state.usedTaskIds.has(parsed.data.taskId))
      return void res.status(404).json({ error: `no card with task_id ${parsed.data.taskId} was sent` });
    res.json({ responseCode: state.issueClickResponseCode(parsed.data.taskId, parsed.data.userId) });
  });
  router.post('/__fake/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });
  router.post('/__fake/contacts', (req, res) => {
    const parsed = contactsSchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: z.prettifyError(parsed.error) });
    state.setContacts(parsed.data);
    res.status(204).end();
  });

  return router;
}
