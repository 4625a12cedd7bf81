import { AppError } from '../shared/errors.js';

/** One thing wrong with the organisation file, located as precisely as the YAML allows. */
export interface OrgFileProblem {
  /** where inside the file, e.g. `seals[1].approval[2]`; empty for the file as a whole */
  path: string;
  /** 1-based line in the file, when the YAML nodes tell us */
  line?: number;
  /** the problem in plain words */
  message: string;
}

/**
 * The organisation file cannot be used. The message lists every problem, one per line, each as
 * `config/org.yaml: seals[1].keeper (line 57): unknown userid "nobody"`.
 */
export class OrgFileError extends AppError {
  constructor(
    readonly fileName: string,
    readonly problems: OrgFileProblem[],
  ) {
    super(
      'ORG_FILE_INVALID',
      problems.map((problem) => formatProblem(fileName, problem)).join('\n'),
      '组织架构配置文件有误，请联系系统管理员。',
    );
    this.name = 'OrgFileError';
  }
}

export function formatProblem(fileName: string, problem: OrgFileProblem): string {
  const line = problem.line === undefined ? '' : problem.path ? ` (line ${problem.line})` : `line ${problem.line}`;
  const where = `${problem.path}${line}`;
  return where ? `${fileName}: ${where}: ${problem.message}` : `${fileName}: ${problem.message}`;
}

/** `['seals', 1, 'approval', 2]` -> `seals[1].approval[2]` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${String(segment)}` : String(segment);
  }
  return text;
}
