import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { OrgFileError, formatPath, type OrgFileProblem } from './org-file-error.js';
import { createOrgFileSchema } from './org-file-schema.js';
import type { OrgConfig } from './types.js';
import { lineOfPath, pathAtOffset } from './yaml-locations.js';

export interface LoadOrgFileOptions {
  /** time zone when the file names none (TZ_DEFAULT). Default `Asia/Shanghai`. */
  defaultTimezone?: string;
}

/** Reads and validates the organisation file (spec 2.3); throws {@link OrgFileError} listing every problem. */
export async function loadOrgFile(path: string, options: LoadOrgFileOptions = {}): Promise<OrgConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : `cannot read the file (${(error as Error).message})`;
    throw new OrgFileError(path, [{ path: '', message: reason }]);
  }
  return parseOrgFile(text, path, options);
}

/** The same as {@link loadOrgFile} for text already in hand; `fileName` only labels the errors. */
export function parseOrgFile(text: string, fileName: string, options: LoadOrgFileOptions = {}): OrgConfig {
  const lineCounter = new LineCounter();
  // uniqueKeys: a key written twice is almost always a copy-paste slip, and the second would win silently.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new OrgFileError(
      fileName,
      doc.errors.map((error) => ({
        // Only a duplicate key sits in a well-formed tree; after a syntax error the tree is a guess.
        path: error.code === 'DUPLICATE_KEY' ? formatPath(pathAtOffset(doc, error.pos[0])) : '',
        ...(error.linePos ? { line: error.linePos[0].line } : {}),
        message:
          error.code === 'DUPLICATE_KEY'
            ? 'key written twice (each key may appear only once)'
            : `invalid YAML: ${plainYamlMessage(error.message)}`,
      })),
    );
  }
  if (doc.contents === null) throw new OrgFileError(fileName, [{ path: '', message: 'the file is empty' }]);

  const schema = createOrgFileSchema({ defaultTimezone: options.defaultTimezone ?? 'Asia/Shanghai' });
  const result = schema.safeParse(doc.toJS(), { error: describeIssue });
  if (result.success) return result.data;

  const problems: OrgFileProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: formatPath([...path, key]),
          ...line(lineOfPath(doc, lineCounter, [...path, key], true)),
          message: `unknown key ${JSON.stringify(key)}`,
        });
      }
    } else {
      problems.push({ path: formatPath(path), ...line(lineOfPath(doc, lineCounter, path)), message: issue.message });
    }
  }
  throw new OrgFileError(fileName, problems);
}

function line(value: number | undefined): { line?: number } {
  return value === undefined ? {} : { line: value };
}

/** yaml's pretty message is `Map keys must be unique at line 4, column 5:\n\n<snippet>`; we show the line ourselves. */
function plainYamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

const KIND_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
};

/** Zod's messages rewritten for a person editing YAML. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  if (issue.input === null) return `is empty (expected ${KIND_NAMES[issue.expected] ?? issue.expected})`;
  const actual = Array.isArray(issue.input)
    ? 'a list'
    : typeof issue.input === 'object'
      ? 'a mapping'
      : `${JSON.stringify(issue.input)}`;
  return `should be ${KIND_NAMES[issue.expected] ?? issue.expected}, not ${actual}`;
}
