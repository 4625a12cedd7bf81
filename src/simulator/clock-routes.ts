import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ExtraRouteDeps } from '../app/start-xiaoban.js';
import { ClockWouldGoBack, type Clock, type MovableClock } from '../shared/clock.js';
import { clockJumps } from './clock-jumps.js';

/** A demo moves days or weeks ahead; a year is plenty, and 9999 would strand the clock for good. */
const MAX_MOVE_SECONDS = 366 * 86_400;

const moveSchema = z.union([
  z.strictObject({ advance_seconds: z.number().int().min(0).max(MAX_MOVE_SECONDS) }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
]);

/**
 * The demo's time travel (spec 2.2): GET /simulator/api/clock says what time the service thinks it
 * is, with the simulator's jumps; POST moves it forward (`{"advance_seconds": N}` or `{"to": ISO}`)
 * and then runs, once and late, what fell due in the skipped time, as after downtime.
 */
export function createClockRoutes(options: { clock: Clock | MovableClock; deps: ExtraRouteDeps }): Router {
  const { clock, deps } = options;
  const movable = 'set' in clock ? clock : undefined;
  const org = () => deps.orgs.defaultOrg();
  const describe = () => ({
    /** false: this service runs on the system clock (a test harness), and POST refuses */
    movable: movable !== undefined,
    now: clock.now().toISOString(),
    timezone: org().timezone,
    jumps: clockJumps(clock.now(), org().directory),
  });
  const router = Router();

  router.get('/simulator/api/clock', (_req, res) => void res.json(describe()));

  router.post('/simulator/api/clock', async (req, res) => {
    if (!movable) return void refuse(res, 409, '这个服务的时钟不能拨动');
    const parsed = moveSchema.safeParse(req.body);
    if (!parsed.success)
      return void refuse(res, 400, '请给出 {"advance_seconds": 秒数} 或 {"to": "带时区的 ISO 时间"}');
    const since = clock.now();
    if ('to' in parsed.data && new Date(parsed.data.to).getTime() - since.getTime() > MAX_MOVE_SECONDS * 1000)
      return void refuse(res, 400, '一次最多向前拨一年');
    try {
      if ('to' in parsed.data) movable.set(new Date(parsed.data.to));
      else movable.advance(parsed.data.advance_seconds * 1000);
    } catch (error) {
      if (!(error instanceof ClockWouldGoBack)) throw error;
      return void refuse(res, 400, `时钟只能向前拨：现在是 ${since.toISOString()}`);
    }
    const outcomes = await deps.catchUpSchedules(since);
    res.json({
      ...describe(),
      ran: outcomes
        .filter((outcome) => outcome.outcome === 'ran')
        .map(({ schedule, periodKey }) => ({ schedule, periodKey })),
    });
  });
  return router;
}

function refuse(res: Response, status: number, message: string): void {
  res.status(status).json({ error: message });
}
