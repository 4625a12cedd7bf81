import express, { Router, type Request, type Response } from 'express';
import { WECOM_FILE_MAX_BYTES, WECOM_FILE_MIN_BYTES } from '../wecom/media.js';
import { parseMultipartFiles } from './multipart.js';
import { handleSendMessage } from './send-message.js';
import type { FakeWecomState } from './state.js';
import { handleUpdateTemplateCard } from './update-card.js';

type Json = Record<string, unknown>;

const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);

/** The WeCom APIs Xiaoban calls. WeCom answers HTTP 200 with an errcode, errors included. */
export function createApiRouter(state: FakeWecomState): Router {
  const router = Router();

  router.get('/cgi-bin/gettoken', (req, res) => {
    const { corpid, corpsecret } = req.query;
    if (typeof corpid !== 'string' || corpid === '') return void res.json({ errcode: 41002, errmsg: 'corpid missing' });
    if (typeof corpsecret !== 'string' || corpsecret === '')
      return void res.json({ errcode: 41004, errmsg: 'corpsecret missing' });
    if (corpid !== state.identity.corpId) return void res.json({ errcode: 40013, errmsg: 'invalid corpid' });
    if (corpsecret !== state.identity.secret) return void res.json({ errcode: 40001, errmsg: 'invalid credential' });
    const { accessToken, expiresIn } = state.tokens.issue();
    res.json({ errcode: 0, errmsg: 'ok', access_token: accessToken, expires_in: expiresIn });
  });

  router.post(
    '/cgi-bin/message/send',
    withToken(state, (req, res) => {
      res.json(isJsonObject(req.body) ? handleSendMessage(state, req.body) : dataFormatError());
    }),
  );

  router.post(
    '/cgi-bin/message/update_template_card',
    withToken(state, (req, res) => {
      res.json(isJsonObject(req.body) ? handleUpdateTemplateCard(state, req.body) : dataFormatError());
    }),
  );

  // DOC 90254: the file as the body, its name in Content-Disposition; an error as JSON.
  router.get(
    '/cgi-bin/media/get',
    withToken(state, (req, res) => {
      const mediaId = req.query.media_id;
      if (typeof mediaId !== 'string' || mediaId === '')
        return void res.json({ errcode: 41006, errmsg: 'media_id missing' });
      const media = state.mediaStore.get(mediaId);
      if (!media) return void res.json({ errcode: 40007, errmsg: `invalid media_id: ${mediaId}` });
      // A header carries ASCII only: the name goes %-encoded as UTF-8 in the plain parameter.
      res.set({
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${encodeURIComponent(media.fileName)}"`,
        'cache-control': 'no-cache, must-revalidate',
      });
      res.send(media.bytes);
    }),
  );

  // DOC 90253: multipart/form-data with the file in the part named "media".
  router.post(
    '/cgi-bin/media/upload',
    express.raw({ type: () => true, limit: '64mb' }),
    withToken(state, (req, res) => {
      const type = req.query.type;
      if (typeof type !== 'string' || !MEDIA_TYPES.has(type))
        return void res.json({ errcode: 40004, errmsg: `invalid media type: ${String(type)}` });
      let part;
      try {
        part = parseMultipartFiles(
          Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
          req.get('content-type'),
        ).find((candidate) => candidate.fieldName === 'media');
      } catch (error) {
        return void res.json({ errcode: 44001, errmsg: `empty media data: ${String(error)}` });
      }
      if (!part?.fileName) return void res.json({ errcode: 44001, errmsg: 'empty media data: no "media" file part' });
      const size = part.bytes.byteLength;
      if (size < WECOM_FILE_MIN_BYTES || (type === 'file' && size > WECOM_FILE_MAX_BYTES))
        return void res.json({ errcode: 40006, errmsg: `invalid file size: ${size} bytes` });
      const media = state.mediaStore.add({ type, fileName: part.fileName, bytes: part.bytes, source: 'upload' });
      res.json({
        errcode: 0,
        errmsg: 'ok',
        type,
        media_id: media.mediaId,
        created_at: String(Math.floor(media.createdAtMs / 1000)),
      });
    }),
  );

  router.get(
    '/cgi-bin/department/list',
    withToken(state, (req, res) => {
      const { departments } = state.contacts;
      const rootId = req.query.id === undefined ? undefined : Number(req.query.id);
      const visible =
        rootId === undefined ? departments : departments.filter((department) => isWithin(department.id, rootId, state));
      if (rootId !== undefined && visible.length === 0)
        return void res.json({ errcode: 60003, errmsg: `department not found: ${rootId}` });
      res.json({ errcode: 0, errmsg: 'ok', department: structuredClone(visible) });
    }),
  );

  router.get(
    '/cgi-bin/user/list',
    withToken(state, (req, res) => {
      const departmentId = Number(req.query.department_id);
      if (!Number.isInteger(departmentId))
        return void res.json({ errcode: 40058, errmsg: 'department_id is required' });
      if (!state.contacts.departments.some((department) => department.id === departmentId)) {
        return void res.json({ errcode: 60003, errmsg: `department not found: ${departmentId}` });
      }
      const includeChildren = req.query.fetch_child === '1';
      const users = state.contacts.users.filter((user) =>
        user.department.some((id) => id === departmentId || (includeChildren && isWithin(id, departmentId, state))),
      );
      res.json({ errcode: 0, errmsg: 'ok', userlist: structuredClone(users) });
    }),
  );

  return router;
}

/** Every API but gettoken needs a live access_token: 41001 missing, 40014 unknown, 42001 expired. */
function withToken(state: FakeWecomState, handler: (req: Request, res: Response) => void) {
  return (req: Request, res: Response): void => {
    const token = req.query.access_token;
    if (typeof token !== 'string' || token === '')
      return void res.json({ errcode: 41001, errmsg: 'access_token missing' });
    const status = state.tokens.check(token);
    if (status === 40014) return void res.json({ errcode: 40014, errmsg: 'invalid access_token' });
    if (status === 42001) return void res.json({ errcode: 42001, errmsg: 'access_token expired' });
    handler(req, res);
  };
}

function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dataFormatError(): Json {
  return { errcode: 47001, errmsg: 'data format error: the body must be a JSON object' };
}

/** Is department `id` the department `rootId` or below it? */
function isWithin(id: number, rootId: number, state: FakeWecomState): boolean {
  const parentOf = new Map(state.contacts.departments.map((department) => [department.id, department.parentid]));
  const seen = new Set<number>();
  for (
    let current: number | undefined = id;
    current !== undefined && !seen.has(current);
    current = parentOf.get(current)
  ) {
    if (current === rootId) return true;
    seen.add(current);
  }
  return false;
}
