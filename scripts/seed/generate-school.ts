import type { Random } from './random.js';

/**
 * The org file (spec 2.3) of a made-up school of `people` people, as the YAML's plain object:
 * 校领导 (a principal and one 分管领导 per ~300 people), 综合办公室 (office, its director, the seal
 * keeper), and departments of 20–40 people, each with a head and a 分管领导. Pure but for `random`.
 */
export interface GeneratedSchool {
  /** the org file's content, snake_case as in config/org.yaml */
  orgFile: Record<string, unknown>;
  /** staff who apply for seals and own tasks (not leaders, not the office) */
  staffIds: string[];
  leaderIds: string[];
  officeDirectorId: string;
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞宇浩凯晨欣怡雪婷琳颖佳慧俊峰波斌宁雯倩璐晶昊然睿泽阳',
];
const DEPARTMENT_NAMES = [
  '党群工作部',
  '教务处',
  '学生发展中心',
  '总务处',
  '教科室',
  '人事处',
  '财务室',
  '安全保卫处',
  '信息中心',
  '工会',
  '团委',
  '招生办',
  '国际部',
  '心理健康中心',
  '图书馆',
  '实验中心',
  '体育组',
  '艺术中心',
];
const SUBJECT_GROUPS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '政治', '信息技术', '通用技术'];
const GRADES = ['初一', '初二', '初三', '高一', '高二', '高三'];

/** Department names enough for any size: offices first, then grades and subject groups (高一语文组). */
function departmentName(index: number): string {
  if (index < DEPARTMENT_NAMES.length) return DEPARTMENT_NAMES[index]!;
  const rest = index - DEPARTMENT_NAMES.length;
  const grade = GRADES[rest % GRADES.length]!;
  const subject = SUBJECT_GROUPS[Math.floor(rest / GRADES.length) % SUBJECT_GROUPS.length]!;
  const round = Math.floor(rest / (GRADES.length * SUBJECT_GROUPS.length));
  return `${grade}${subject}组${round > 0 ? round + 1 : ''}`;
}

export function generateSchool(people: number, random: Random): GeneratedSchool {
  if (people < 30) throw new Error('--people must be at least 30 (leaders, an office and a department or two)');
  const usedNames = new Set<string>();
  const nameOf = (): string => {
    for (;;) {
      const name = random.pick(SURNAMES) + random.pick(GIVEN) + (random.chance(0.7) ? random.pick(GIVEN) : '');
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  let nextUser = 1;
  const userId = (): string => `u${String(nextUser++).padStart(5, '0')}`;
  const persons: Record<string, unknown>[] = [];
  const person = (departments: string[], roles: string[], position: string): string => {
    const id = userId();
    persons.push({ userid: id, name: nameOf(), departments, roles, position });
    return id;
  };

  const leaderCount = Math.max(3, Math.min(12, Math.round(people / 300)));
  const principal = person(['leadership'], ['leader', 'principal'], '校长');
  const leaderIds = [principal];
  for (let i = 1; i < leaderCount; i += 1) leaderIds.push(person(['leadership'], ['leader'], '副校长'));
  const officeSize = Math.max(4, Math.round(people / 200));
  const officeDirectorId = person(['office'], ['office', 'office_director'], '办公室主任');
  const keeper = person(['office'], ['office', 'seal_keeper'], '行政助理（印章管理）');
  for (let i = 2; i < officeSize; i += 1) person(['office'], ['office'], '行政助理');

  const departments: Record<string, unknown>[] = [
    { id: 'leadership', name: '校领导', head: principal, leader: principal },
    { id: 'office', name: '综合办公室', head: officeDirectorId, leader: principal },
  ];
  const staffIds: string[] = [];
  let remaining = people - leaderCount - officeSize;
  for (let index = 0; remaining > 0; index += 1) {
    // the last department takes what is left when fewer than 20 would remain after it
    let size = random.int(20, 40);
    if (remaining - size < 20) size = remaining;
    const id = `d${String(index + 1).padStart(3, '0')}`;
    const head = person([id], ['staff'], `${departmentName(index)}负责人`);
    for (let i = 1; i < size; i += 1) staffIds.push(person([id], ['staff'], '教师'));
    departments.push({ id, name: departmentName(index), head, leader: leaderIds[(index % (leaderCount - 1)) + 1] });
    remaining -= size;
  }

  const orgFile = {
    org: { id: 'seed', name: '压测实验中学', timezone: 'Asia/Shanghai' },
    departments,
    people: persons,
    seals: [
      { id: 'school', name: '校章', aliases: ['公章'], keeper, approval: ['dept_head', 'dept_leader'] },
      { id: 'legal', name: '法人章', keeper, approval: ['dept_head', 'dept_leader', 'principal'] },
    ],
    document_series: [{ id: 'xiaofa', prefix: '校发' }],
  };
  return { orgFile, staffIds, leaderIds, officeDirectorId };
}
