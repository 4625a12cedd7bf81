import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDirectory } from '../../src/directory/build-directory.js';
import { loadDirectory } from '../../src/directory/load-directory.js';
import { loadOrgFile } from '../../src/directory/load-org-file.js';
import { saveDirectory } from '../../src/directory/save-directory.js';
import { syncDirectoryFromWecom, type SyncProgress } from '../../src/directory/sync-from-wecom.js';
import type { OrgConfig } from '../../src/directory/types.js';
import type { WecomApi, WecomDepartment, WecomUser } from '../../src/wecom/types.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** WeCom's two contact-list calls over fixed data; listUsers answers direct members only, like user/list. */
function contacts(departments: WecomDepartment[], users: WecomUser[]): Pick<WecomApi, 'listDepartments' | 'listUsers'> {
  return {
    listDepartments: async () => departments.map((department) => ({ ...department })),
    listUsers: async (departmentId) => {
      if (!departments.some((department) => department.id === departmentId))
        throw new Error(`unexpected user/list for department ${departmentId}`);
      return users.filter((user) => user.department.includes(departmentId)).map((user) => ({ ...user }));
    },
  };
}

const member = (userid: string, name: string, department: number[], status = 1): WecomUser => ({
  userid,
  name,
  department,
  status,
});

describe('directory store (PostgreSQL)', () => {
  let db: TestDatabase;
  let fileConfig: OrgConfig;
  beforeAll(async () => {
    db = await createTestDatabase();
    fileConfig = await loadOrgFile('config/org.yaml');
  });
  afterAll(async () => {
    await db.drop();
  });

  const personRow = (userId: string) =>
    db.prisma.person.findUnique({ where: { orgId_userId: { orgId: 'demo', userId } } });

  it('saves the org file and loads the same directory back', async () => {
    await saveDirectory(db.prisma, fileConfig, 'file');
    expect(await db.prisma.organization.findUnique({ where: { id: 'demo' } })).toMatchObject({
      name: '示范中学',
      timezone: 'Asia/Shanghai',
    });
    expect(await db.prisma.department.count({ where: { orgId: 'demo' } })).toBe(fileConfig.departments.length);
    expect(await db.prisma.person.count({ where: { orgId: 'demo', source: 'file', isActive: true } })).toBe(
      fileConfig.people.length,
    );
    expect(await personRow('wangfang')).toMatchObject({
      name: '王芳',
      departmentIds: ['office'],
      roles: ['staff', 'office', 'office_director'],
    });

    const directory = await loadDirectory(db.prisma, fileConfig);
    expect(directory.config.people).toEqual(buildDirectory(fileConfig).config.people);
    expect(directory.config.departments).toEqual(fileConfig.departments);
  });

  it('marks a person the file no longer lists inactive instead of deleting them, and is idempotent', async () => {
    const withoutMajie = { ...fileConfig, people: fileConfig.people.filter((person) => person.userId !== 'majie') };
    await saveDirectory(db.prisma, withoutMajie, 'file');
    await saveDirectory(db.prisma, withoutMajie, 'file');
    expect(await personRow('majie')).toMatchObject({ name: '马杰', isActive: false, source: 'file' });
    await saveDirectory(db.prisma, fileConfig, 'file');
    expect(await personRow('majie')).toMatchObject({ isActive: true });
  });

  describe('contact sync', () => {
    const leadership = ['zhaoli', 'zhoumin', 'sunwei', 'qianjun', 'wujing'];
    const departments: WecomDepartment[] = [
      { id: 1, name: '示范中学', parentid: 0 },
      { id: 2, name: '校领导', parentid: 1 },
      { id: 3, name: '综合办公室', parentid: 1 },
      { id: 4, name: '教务处', parentid: 1 },
      { id: 50, name: '高二年级组', parentid: 1, department_leader: ['qinfang'] },
    ];
    const users: WecomUser[] = [
      ...leadership.map((userid) => member(userid, userid === 'zhaoli' ? '赵立' : `领导${userid}`, [2])),
      member('wangfang', '王芳', [3]),
      member('liuqiang', '刘强', [3]),
      member('lihua', '李华', [4]),
      member('chenhao', '陈浩然', [4, 50]), // renamed in WeCom, and also teaches 高二
      member('zhangyan', '张岩', [4], 5), // left the school
      member('qinfang', '秦芳', [50]),
      member('xutao', '许涛', [50]),
    ];

    it('pulls every department with progress, stores WeCom people and overlays them on the file', async () => {
      const progress: SyncProgress[] = [];
      const { report } = await syncDirectoryFromWecom({
        wecom: contacts(departments, users),
        prisma: db.prisma,
        config: fileConfig,
        onProgress: (step) => progress.push(step),
      });
      expect(progress.map((step) => `${step.index}/${step.total} ${step.departmentName} ${step.memberCount}`)).toEqual([
        '1/5 示范中学 0',
        '2/5 校领导 5',
        '3/5 综合办公室 2',
        '4/5 教务处 3',
        '5/5 高二年级组 3',
      ]);
      expect(report).toMatchObject({ departmentsMatched: 3, departmentsAdded: 2, peopleAdded: 2 });

      const directory = await loadDirectory(db.prisma, fileConfig);
      // a synced teacher the file does not list is known, as staff only
      expect(directory.person('xutao')).toEqual({
        userId: 'xutao',
        name: '许涛',
        departmentIds: ['wecom-50'],
        roles: ['staff'],
        isActive: true,
      });
      expect(directory.peopleNamed('秦芳').map((person) => person.userId)).toEqual(['qinfang']);
      expect(directory.department('wecom-50')).toMatchObject({ name: '高二年级组', head: 'qinfang', wecomId: 50 });
      // WeCom's name and membership; the file's roles
      expect(directory.person('chenhao')).toMatchObject({
        name: '陈浩然',
        departmentIds: ['academic', 'wecom-50'],
        roles: ['staff'],
      });
      expect(directory.person('zhaoli')?.roles).toEqual(['staff', 'leader', 'principal']);
      expect(directory.person('zhangyan')?.isActive).toBe(false);
      expect(directory.peopleNamed('张岩')).toEqual([]);
      // people of the file WeCom did not list (outside the five departments above) are inactive
      expect(directory.person('xuli')?.isActive).toBe(false);
    });

    it("keeps WeCom's view across a restart that saves the file again, while roles follow the file", async () => {
      const promoted: OrgConfig = {
        ...fileConfig,
        people: fileConfig.people.map((person) =>
          person.userId === 'chenhao' ? { ...person, roles: ['staff', 'archivist'] } : person,
        ),
      };
      await saveDirectory(db.prisma, promoted, 'file');
      const directory = await loadDirectory(db.prisma, promoted);
      expect(directory.person('chenhao')).toMatchObject({ name: '陈浩然', roles: ['staff', 'archivist'] });
      expect(await personRow('chenhao')).toMatchObject({
        name: '陈浩然',
        roles: ['staff', 'archivist'],
        source: 'wecom',
      });
      expect(directory.person('xutao')?.isActive).toBe(true);
      expect(directory.hasRole('chenhao', 'archivist')).toBe(true);
    });

    it('deactivates a synced teacher who has left WeCom, and lets the file claim a WeCom department', async () => {
      const science: OrgConfig = {
        ...fileConfig,
        departments: [
          ...fileConfig.departments,
          { id: 'grade11', name: '高二年级组', head: 'qinfang', leader: 'wujing', wecomId: 50 },
        ],
      };
      await syncDirectoryFromWecom({
        wecom: contacts(
          departments,
          users.filter((user) => user.userid !== 'xutao'),
        ),
        prisma: db.prisma,
        config: science,
      });
      expect(await personRow('xutao')).toMatchObject({ isActive: false });
      expect(
        await db.prisma.department.findUnique({ where: { orgId_id: { orgId: 'demo', id: 'grade11' } } }),
      ).toMatchObject({ wecomId: 50 });
      expect(
        await db.prisma.department.findUnique({ where: { orgId_id: { orgId: 'demo', id: 'wecom-50' } } }),
      ).toMatchObject({ wecomId: null });

      const directory = await loadDirectory(db.prisma, science);
      expect(directory.person('qinfang')?.departmentIds).toEqual(['grade11']);
      expect(directory.department('wecom-50')).toBeUndefined();
      expect(directory.department('grade11')).toMatchObject({ head: 'qinfang', leader: 'wujing' });
    });

    it('writes nothing when WeCom fails halfway', async () => {
      const before = await db.prisma.person.findMany({ where: { orgId: 'demo' }, orderBy: { userId: 'asc' } });
      const failing = contacts(departments, users);
      failing.listUsers = async (departmentId) => {
        if (departmentId === 4) throw new Error('WeCom errcode 45009');
        return contacts(departments, users).listUsers(departmentId);
      };
      await expect(syncDirectoryFromWecom({ wecom: failing, prisma: db.prisma, config: fileConfig })).rejects.toThrow(
        /45009/,
      );
      expect(await db.prisma.person.findMany({ where: { orgId: 'demo' }, orderBy: { userId: 'asc' } })).toEqual(before);
    });
  });
});
