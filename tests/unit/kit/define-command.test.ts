import { readFileSync } from 'node:fs';
import { type DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/prisma.js';
import { buildDirectory } from '../../../src/directory/build-directory.js';
import { parseOrgFile } from '../../../src/directory/load-org-file.js';
import type { ActorContext } from '../../../src/kit/context.js';
import { defineCommand, field } from '../../../src/kit/define-command.js';
import { isRefusal } from '../../../src/shared/errors.js';
import { fixedClock } from '../../../src/shared/clock.js';

const directory = buildDirectory(parseOrgFile(readFileSync('config/org.yaml', 'utf8'), 'config/org.yaml'));
const ctx: ActorContext = {
  tx: {} as Tx, // the handlers below touch no database
  orgId: 'demo',
  timezone: 'Asia/Shanghai',
  directory,
  clock: fixedClock('2026-11-30T01:00:00Z'),
  actor: directory.person('chenhao')!,
  via: 'command',
  reply: async () => undefined,
};

describe('a command defined with typed fields', () => {
  const received: unknown[] = [];
  const command = defineCommand({
    spec: { keyword: '试', summary: '', example: '', ref: { prefixes: ['Y'], required: true } },
    fields: {
      份数: field.count({ required: true }),
      印章: field.seal({ required: true }),
      时间: field.datetime(),
      参会: field.peopleOrDepartments(),
      类型: field.choice(['决策会', '协调会']),
    },
    async execute(_ctx, command) {
      received.push(command);
    },
  });

  it('lists its fields for the parser in the order they are written, with their kinds', () => {
    expect(command.spec.fields.map((spec) => [spec.name, spec.kind, spec.required ?? false])).toEqual([
      ['份数', 'int', true],
      ['印章', 'seal', true],
      ['时间', 'datetime', false],
      ['参会', 'people_or_departments', false],
      ['类型', 'enum', false],
    ]);
    expect(command.spec.fields[4]!.options).toEqual(['决策会', '协调会']);
  });

  it("hands the handler a seal, people, departments and a time in the organisation's zone", async () => {
    received.length = 0;
    await command.execute(ctx, {
      spec: command.spec,
      ref: 'Y3',
      freeText: '',
      missing: [],
      problems: [],
      values: {
        份数: 3,
        印章: 'school',
        时间: new Date('2026-12-01T06:00:00Z'),
        参会: { userIds: ['lihua'], departmentIds: ['office'] },
        类型: '决策会',
      },
    });
    const [typed] = received as {
      ref: string;
      values: {
        份数: number;
        印章: { name: string };
        时间: DateTime;
        参会: { people: { name: string }[]; departments: { name: string }[] };
        类型: string;
      };
    }[];
    expect(typed!.ref).toBe('Y3');
    expect(typed!.values.份数).toBe(3);
    expect(typed!.values.印章.name).toBe('校章');
    expect(typed!.values.时间.zoneName).toBe('Asia/Shanghai');
    expect(typed!.values.时间.toFormat('MM-dd HH:mm')).toBe('12-01 14:00');
    expect(typed!.values.参会.people.map((person) => person.name)).toEqual(['李华']);
    expect(typed!.values.参会.departments.map((department) => department.name)).toEqual(['综合办公室']);
  });

  it('refuses, asking to send it again, when a stored value no longer resolves (the org file changed meanwhile)', async () => {
    const error = await command
      .execute(ctx, {
        spec: command.spec,
        ref: 'Y3',
        freeText: '',
        missing: [],
        problems: [],
        values: { 份数: 3, 印章: 'gone-seal' },
      })
      .catch((caught: unknown) => caught);
    expect(isRefusal(error)).toBe(true);
    expect((error as Error).message).toBe('「试」的「印章」已经对不上（组织架构刚刚更新过），请重新发送「试」。');
  });
});
