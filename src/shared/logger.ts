import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Secrets never reach a log line: the known secret-bearing keys are redacted
 * wherever they appear, and message text is logged only as its length.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'xiaoban' },
    redact: {
      paths: [
        '*.access_token',
        '*.corpsecret',
        '*.secret',
        '*.token',
        '*.encodingAesKey',
        '*.echostr',
        'access_token',
        'corpsecret',
        'secret',
        'token',
        'headers.authorization',
        '*.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
