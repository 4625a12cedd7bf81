import type { CommandSpec } from '../../../src/kit/command-spec.js';
import type { ParseContext } from '../../../src/commands/parse/parse-command.js';
import type { Directory, OrgConfig, PersonInfo } from '../../../src/directory/types.js';
import { createWorkingCalendar } from '../../../src/shared/working-calendar/index.js';

/**
 * A small school: two people named 王芳 in different departments (the ambiguous-name rule),
 * and 张三 who has left (inactive people are never resolved).
 */
const config: OrgConfig = {
  org: { id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' },
  departments: [
    { id: 'leadership', name: '校领导', head: 'zhaoli', leader: 'zhaoli' },
    { id: 'office', name: '综合办公室', head: 'wangfang', leader: 'zhaoli' },
    { id: 'academic', name: '教务处', head: 'lihua', leader: 'zhaoli' },
    { id: 'general', name: '总务处', head: 'chenjing', leader: 'zhaoli' },
  ],
  people: [
    person('zhaoli', '赵立', ['leadership'], true),
    person('wangfang', '王芳', ['office'], true),
    person('wangfang2', '王芳', ['academic'], true),
    person('liuqiang', '刘强', ['office'], true),
    person('lihua', '李华', ['academic'], true),
    person('chenjing', '陈静', ['general'], true),
    person('zhangsan', '张三', ['general'], false),
  ],
  seals: [
    {
      id: 'school',
      name: '校章',
      aliases: ['公章', '学校公章'],
      keeper: 'liuqiang',
      approval: ['dept_head', 'dept_leader'],
    },
    { id: 'legal', name: '法人章', aliases: [], keeper: 'liuqiang', approval: ['dept_head', 'dept_leader'] },
  ],
  rooms: [{ id: 'room1', name: '第一会议室', capacity: 20 }],
  documentSeries: [{ id: 'xiaofa', prefix: '校发' }],
  calendar: { extraHolidays: [], extraWorkdays: [], closures: [], holidays: {} },
  schedules: {
    weekly_brief: '0 16 * * 5',
    daily_seal_summary: '30 17 * * 1-5',
    overdue_scan: '0 9 * * 1-5',
    personal_digest: '30 8 * * 1-5',
  },
  sla: {
    proposal_working_days: 2,
    circulation_first_read_hours: 24,
    handling_feedback_working_days: 5,
    minutes_due_hours: 24,
    meeting_notice_days: 3,
    approval_reminder_hours: 4,
    urgent_issue_hours: 24,
    normal_issue_working_days: 5,
    escalate_after_working_days: 2,
  },
};

function person(userId: string, name: string, departmentIds: string[], isActive: boolean): PersonInfo {
  return { userId, name, departmentIds, roles: ['staff'], isActive };
}

const active = () => config.people.filter((p) => p.isActive);

export const directory: Directory = {
  orgId: config.org.id,
  config,
  calendar: createWorkingCalendar({ calendar: config.calendar, timezone: config.org.timezone }),
  person: (userId) => config.people.find((p) => p.userId === userId),
  department: (id) => config.departments.find((d) => d.id === id),
  peopleNamed: (name) => active().filter((p) => p.name === name),
  departmentNamed: (name) => config.departments.find((d) => d.name === name),
  peopleWithRole: (role) => active().filter((p) => p.roles.includes(role)),
  hasRole: (userId, role) => active().some((p) => p.userId === userId && p.roles.includes(role)),
  seal: (idOrName) =>
    config.seals.find((s) => s.id === idOrName || s.name === idOrName) ??
    config.seals.find((s) => s.aliases.includes(idOrName)),
  room: (idOrName) => config.rooms.find((r) => r.id === idOrName || r.name === idOrName),
  activePeople: active,
};

/** Sunday 2026-11-22 10:00 in Asia/Shanghai. */
export const SUNDAY_10AM = new Date('2026-11-22T02:00:00Z');

export function buildContext(now: Date | string = SUNDAY_10AM): ParseContext {
  return { directory, now: new Date(now), timezone: 'Asia/Shanghai' };
}

export const sealSpec: CommandSpec = {
  keyword: '用印',
  summary: '申请用印',
  example: '用印 事由:招生宣传 文件:招生简章 份数:3 印章:校章',
  freeText: 'none',
  fields: [
    { name: '事由', kind: 'text', required: true },
    { name: '文件', kind: 'text', required: true },
    { name: '份数', kind: 'int', required: true, question: '要盖几份？' },
    { name: '印章', kind: 'seal', required: true },
    { name: '时间', kind: 'datetime', notPast: true },
    { name: '关联', kind: 'reference', refPrefixes: ['F'] },
  ],
};

export const stampedSpec: CommandSpec = {
  keyword: '已用印',
  summary: '登记已用印',
  example: '已用印 Y12 份数:3',
  ref: { prefixes: ['Y'], required: true },
  freeText: 'none',
  fields: [{ name: '份数', kind: 'int' }],
};

export const statusSpec: CommandSpec = {
  keyword: '查询',
  aliases: ['status'],
  summary: '查询事项',
  example: '查询 Y12',
  ref: { prefixes: ['S', 'F', 'Y', 'H', 'R'], required: true },
  freeText: 'none',
  fields: [],
};

export const meetingSpec: CommandSpec = {
  keyword: '会议',
  summary: '预约会议',
  example: '会议 主题:期中教学检查 时间:明天下午3点 地点:第一会议室 参会:教务处 @李华',
  fields: [
    { name: '主题', kind: 'text', required: true },
    { name: '时间', kind: 'datetime', required: true },
    { name: '时长', kind: 'duration', defaultValue: '60分钟' },
    { name: '地点', kind: 'text', required: true },
    { name: '参会', kind: 'people_or_departments', required: true },
    { name: '类型', kind: 'enum', options: ['决策会', '协调会', '培训会'], defaultValue: '协调会' },
    { name: '议程', kind: 'text' },
    { name: '记录人', aliases: ['记录'], kind: 'person' },
  ],
};

export const commentSpec: CommandSpec = {
  keyword: '批示',
  summary: '批示收文',
  example: '批示 S3 同意，请教务处牵头办理',
  ref: { prefixes: ['S'], required: true },
  freeText: 'required',
  fields: [],
};

export const helpSpec: CommandSpec = {
  keyword: '帮助',
  aliases: ['help'],
  summary: '帮助',
  example: '帮助 用印',
  fields: [],
};
export const todoSpec: CommandSpec = {
  keyword: '我的待办',
  aliases: ['todo'],
  summary: '我的待办',
  example: '我的待办',
  freeText: 'none',
  fields: [],
};
export const sealAlarmSpec: CommandSpec = {
  keyword: '印章异常',
  summary: '印章异常',
  example: '印章异常 印章:校章 说明:遗失',
  fields: [
    { name: '印章', kind: 'text', required: true },
    { name: '说明', kind: 'text', required: true },
  ],
};
export const sealRestoreSpec: CommandSpec = {
  keyword: '印章恢复',
  summary: '印章恢复',
  example: '印章恢复 印章:校章',
  fields: [{ name: '印章', kind: 'text', required: true }],
};

export const allSpecs: CommandSpec[] = [
  helpSpec,
  todoSpec,
  statusSpec,
  sealSpec,
  stampedSpec,
  sealAlarmSpec,
  sealRestoreSpec,
  meetingSpec,
  commentSpec,
];
