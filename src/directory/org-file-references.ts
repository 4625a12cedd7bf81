/** The parts of the parsed file (snake_case, defaults applied) that cross-references look at. */
export interface RawOrgFile {
  departments: {
    id: string;
    name: string;
    head?: string | undefined;
    leader?: string | undefined;
    wecom_id?: number | undefined;
  }[];
  people: { userid: string; departments: string[]; roles: string[]; active: boolean }[];
  seals: { id: string; name: string; aliases: string[]; keeper: string; approval: string[] }[];
  rooms: { id: string; name: string }[];
  document_series: { id: string; prefix: string; seal?: string | undefined }[];
  archive?: { fonds: string; department_codes: Record<string, string> } | undefined;
}

export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

type RawPerson = RawOrgFile['people'][number];

/**
 * Everything the shape alone cannot check: unique ids, userids and departments that exist, and
 * approval chains in which every step resolves to somebody (spec 2.3: "a step that resolves to
 * nobody is a configuration error reported at load time").
 */
export function findReferenceProblems(raw: RawOrgFile): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const people = new Map<string, RawPerson>(raw.people.map((person) => [person.userid, person]));
  const departmentIds = new Set(raw.departments.map((department) => department.id));

  const unique = <T>(list: string, items: T[], key: string, valueOf: (item: T) => string | number | undefined) => {
    const seen = new Map<string | number, number>();
    items.forEach((item, index) => {
      const value = valueOf(item);
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else
        problems.push({
          path: [list, index, key],
          message: `duplicate ${key} ${JSON.stringify(value)} (already used by ${list}[${first}])`,
        });
    });
  };
  unique('departments', raw.departments, 'id', (department) => department.id);
  unique('departments', raw.departments, 'name', (department) => department.name);
  unique('departments', raw.departments, 'wecom_id', (department) => department.wecom_id);
  unique('people', raw.people, 'userid', (person) => person.userid);
  unique('seals', raw.seals, 'id', (seal) => seal.id);
  unique('seals', raw.seals, 'name', (seal) => seal.name);
  problems.push(...findAliasProblems(raw.seals));
  unique('rooms', raw.rooms, 'id', (room) => room.id);
  unique('rooms', raw.rooms, 'name', (room) => room.name);
  unique('document_series', raw.document_series, 'id', (series) => series.id);
  unique('document_series', raw.document_series, 'prefix', (series) => series.prefix);

  const knownUser = (path: (string | number)[], userId: string | undefined) => {
    if (userId !== undefined && !people.has(userId))
      problems.push({ path, message: `unknown userid ${JSON.stringify(userId)}` });
  };
  raw.departments.forEach((department, index) => {
    knownUser(['departments', index, 'head'], department.head);
    knownUser(['departments', index, 'leader'], department.leader);
  });
  raw.people.forEach((person, index) => {
    person.departments.forEach((departmentId, position) => {
      if (!departmentIds.has(departmentId)) {
        problems.push({
          path: ['people', index, 'departments', position],
          message: `unknown department ${JSON.stringify(departmentId)}`,
        });
      }
    });
  });
  raw.document_series.forEach((series, index) => {
    const sealName = series.seal;
    if (
      sealName !== undefined &&
      !raw.seals.some((seal) => seal.id === sealName || seal.name === sealName || seal.aliases.includes(sealName))
    ) {
      problems.push({
        path: ['document_series', index, 'seal'],
        message: `unknown seal ${JSON.stringify(series.seal)}`,
      });
    }
  });
  problems.push(...findArchiveProblems(raw, departmentIds));
  problems.push(...findApprovalProblems(raw, people));
  return problems;
}

/**
 * `Directory.seal` finds a seal by id, then name, then alias. An alias that is also another seal's
 * name or alias would make 「公章」 mean two seals, so every name a person may type names one seal.
 * (A name equal to another seal's id is left alone, as before: ids win, and ids are not typed.)
 */
function findAliasProblems(seals: RawOrgFile['seals']): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const owners = new Map<string, string>();
  seals.forEach((seal, index) => {
    owners.set(seal.id, `the id of seals[${index}] (${seal.name})`);
  });
  seals.forEach((seal, index) => {
    if (!owners.has(seal.name)) owners.set(seal.name, `the name of seals[${index}]`);
  });
  seals.forEach((seal, sealIndex) => {
    seal.aliases.forEach((alias, aliasIndex) => {
      const owner = owners.get(alias);
      if (owner !== undefined)
        problems.push({
          path: ['seals', sealIndex, 'aliases', aliasIndex],
          message: `alias ${JSON.stringify(alias)} is already ${owner}`,
        });
      else owners.set(alias, `an alias of seals[${sealIndex}] (${seal.name})`);
    });
  });
  return problems;
}

/** 机构代码 belong to departments that exist, one department each: two sharing BGS would share 件号. */
function findArchiveProblems(raw: RawOrgFile, departmentIds: Set<string>): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const departmentOf = new Map<string, string>();
  for (const [departmentId, code] of Object.entries(raw.archive?.department_codes ?? {})) {
    const path = ['archive', 'department_codes', departmentId];
    if (!departmentIds.has(departmentId))
      problems.push({ path, message: `unknown department ${JSON.stringify(departmentId)}` });
    const first = departmentOf.get(code);
    if (first !== undefined)
      problems.push({ path, message: `code ${code} is already the code of department ${JSON.stringify(first)}` });
    else departmentOf.set(code, departmentId);
  }
  return problems;
}

function findApprovalProblems(raw: RawOrgFile, people: Map<string, RawPerson>): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  // spec 2.3: `staff` is everyone's role, written or not
  const activeWithRole = (role: string) =>
    raw.people.some((person) => person.active && (role === 'staff' || person.roles.includes(role)));
  const isActive = (userId: string | undefined) => userId !== undefined && people.get(userId)?.active === true;
  // Only departments somebody could apply from need a head and a leader.
  const staffedDepartments = raw.departments.filter((department) =>
    raw.people.some((person) => person.active && person.departments.includes(department.id)),
  );

  raw.seals.forEach((seal, sealIndex) => {
    const sealName = `seal ${JSON.stringify(seal.id)} (${seal.name})`;
    if (!people.has(seal.keeper))
      problems.push({ path: ['seals', sealIndex, 'keeper'], message: `unknown userid ${JSON.stringify(seal.keeper)}` });
    else if (!isActive(seal.keeper))
      problems.push({
        path: ['seals', sealIndex, 'keeper'],
        message: `keeper ${JSON.stringify(seal.keeper)} is not active`,
      });

    seal.approval.forEach((step, stepIndex) => {
      const path = ['seals', sealIndex, 'approval', stepIndex];
      const stepRole =
        step === 'principal' || step === 'office_director'
          ? step
          : step.startsWith('role:')
            ? step.slice('role:'.length)
            : undefined;
      if (stepRole !== undefined) {
        if (!activeWithRole(stepRole))
          problems.push({
            path,
            message: `step "${step}" of ${sealName} resolves to nobody: no active person has the role ${stepRole}`,
          });
      } else if (step.startsWith('user:')) {
        const userId = step.slice('user:'.length);
        if (!people.has(userId)) problems.push({ path, message: `unknown userid ${JSON.stringify(userId)}` });
        else if (!isActive(userId))
          problems.push({ path, message: `step "${step}" of ${sealName} resolves to nobody: ${userId} is not active` });
      } else if (step === 'dept_head' || step === 'dept_leader') {
        const key = step === 'dept_head' ? 'head' : 'leader';
        for (const department of staffedDepartments) {
          const holder = department[key];
          if (holder !== undefined && !people.has(holder)) continue; // reported once, as an unknown userid
          if (!isActive(holder)) {
            const why = holder === undefined ? `has members but no ${key}` : `has ${key} ${holder}, who is not active`;
            problems.push({
              path,
              message: `step "${step}" of ${sealName} resolves to nobody for department ${JSON.stringify(department.id)} (${department.name}), which ${why}`,
            });
          }
        }
      }
    });
  });
  return problems;
}
