import { describe, expect, it } from 'vitest';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { loadOrgFile } from '../../../src/directory/load-org-file.js';
import { DEFAULT_SCHEDULES, DEFAULT_SLA } from '../../../src/directory/org-file-schema.js';
import { planChain } from '../../support/plan-chain.js';

describe('config/org.yaml (the demo school)', () => {
  it('loads with the size of a real school office', async () => {
    const config = await loadOrgFile('config/org.yaml');
    expect(config.org).toEqual({ id: 'demo', name: '示范中学', timezone: 'Asia/Shanghai' });
    expect(config.departments.length).toBeGreaterThanOrEqual(10);
    expect(config.departments.length).toBeLessThanOrEqual(14);
    expect(config.people.length).toBeGreaterThanOrEqual(35);
    expect(config.people.length).toBeLessThanOrEqual(45);
    expect(config.seals.map((seal) => [seal.id, seal.name, seal.approval])).toEqual([
      ['school', '校章', ['dept_head', 'dept_leader']],
      ['legal', '法人章', ['dept_head', 'dept_leader', 'principal']],
    ]);
    expect(config.rooms.map((room) => [room.name, room.capacity])).toEqual([
      ['第一会议室', 20],
      ['第二会议室', 12],
      ['学术报告厅', 200],
    ]);
    expect(config.documentSeries.map((series) => series.prefix)).toEqual(['校发', '校办']);
    expect(config.departments.every((department) => department.head && department.leader)).toBe(true);
  });

  it('writes what spec 2.3 shows: aliases, the archive codes and the crons off :00 and :30', async () => {
    const config = await loadOrgFile('config/org.yaml');
    expect(config.seals.map((seal) => seal.aliases)).toEqual([['公章', '学校公章'], []]);
    expect(buildDirectory(config).seal('公章')?.name).toBe('校章');
    expect(config.archive?.fonds).toBe('0194');
    expect(config.archive?.departmentCodes).toMatchObject({ office: 'BGS', academic: 'JWC' });
    // every department has its own code, so each keeps its own run of 件号
    expect(Object.keys(config.archive?.departmentCodes ?? {}).sort()).toEqual(
      config.departments.map((department) => department.id).sort(),
    );
    expect(new Set(Object.values(config.archive?.departmentCodes ?? {})).size).toBe(config.departments.length);
    expect(config.schedules).toEqual(DEFAULT_SCHEDULES);
    expect(config.sla).toEqual(DEFAULT_SLA);
  });

  it('has the people the spec and the guided tours name', async () => {
    const directory = buildDirectory(await loadOrgFile('config/org.yaml'));
    const summary = (userId: string) => {
      const person = directory.person(userId);
      return person && { name: person.name, departmentIds: person.departmentIds, roles: person.roles };
    };
    expect(summary('zhaoli')).toEqual({
      name: '赵立',
      departmentIds: ['leadership'],
      roles: ['staff', 'leader', 'principal'],
    });
    expect(summary('wangfang')).toEqual({
      name: '王芳',
      departmentIds: ['office'],
      roles: ['staff', 'office', 'office_director'],
    });
    expect(summary('liuqiang')?.roles).toContain('seal_keeper');
    expect(summary('liuqiang')?.departmentIds).toEqual(['office']);
    expect(directory.department('academic')).toMatchObject({ name: '教务处', head: 'lihua', leader: 'zhoumin' });
    expect(summary('chenhao')).toEqual({ name: '陈浩', departmentIds: ['academic'], roles: ['staff'] });
    expect(summary('zhoumin')).toMatchObject({
      name: '周敏',
      departmentIds: ['leadership'],
      roles: ['staff', 'leader'],
    });
    expect(
      directory.config.departments.filter((department) => department.leader === 'zhoumin').length,
    ).toBeGreaterThanOrEqual(2);
    expect(directory.department('leadership')).toMatchObject({ head: 'zhaoli', leader: 'zhaoli' });
    expect(directory.peopleWithRole('archivist')).toHaveLength(1);
    expect(directory.peopleWithRole('admin').map((person) => person.departmentIds)).toEqual([['it']]);
    expect(new Set(directory.config.departments.map((department) => department.leader)).size).toBeGreaterThanOrEqual(4);
  });

  it("routes 陈浩's 法人章 request through 李华, 周敏 and 赵立", async () => {
    const directory = buildDirectory(await loadOrgFile('config/org.yaml'));
    const chenhao = directory.person('chenhao')!;
    expect(planChain(directory.seal('法人章')!.approval, chenhao, 'academic', directory)).toEqual([
      { step: 'dept_head', userId: 'lihua' },
      { step: 'dept_leader', userId: 'zhoumin' },
      { step: 'principal', userId: 'zhaoli' },
    ]);
  });
});
