import { clip } from './text.js';

export interface LoggedError {
  type: string;
  /** SQLSTATE, Prisma or AppError code, when there is one */
  code?: string;
  message: string;
  /** the stack's frames only: its first line repeats the message */
  frames?: string;
}

/**
 * An error as a log line may show it. Database errors carry what was being written in `detail`,
 * `where` and, for Prisma, the call's arguments in the message; a person's message text must never
 * reach a log (spec 5), so only the type, the code and one line of the message are kept.
 */
export function errorForLog(error: unknown): LoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: clip(String(error).split('\n')[0] ?? '', 200) };
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  // Prisma: "Invalid `tx.x.create()` invocation in …: <the call, arguments included> … <the error>".
  const line = /invocation/.test(lines[0] ?? '') ? (lines.at(-1) ?? '') : (lines[0] ?? '');
  const code = (error as { code?: unknown }).code;
  const frames = error.stack
    ?.split('\n')
    .filter((frame) => frame.trimStart().startsWith('at '))
    .slice(0, 8)
    .join('\n');
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    message: clip(line, 300),
    ...(frames ? { frames } : {}),
  };
}
