import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config/env.js';

const VALID = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/xiaoban',
  WECOM_CORP_ID: 'ww0000000000000000',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'secret',
  WECOM_TOKEN: 'token',
  WECOM_ENCODING_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

describe('the environment (spec 2.1)', () => {
  it('applies the documented defaults', () => {
    expect(parseEnv(VALID)).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      ORG_FILE: 'config/org.yaml',
      XIAOBAN_ROLE: 'all',
      WECOM_API_BASE: 'https://qyapi.weixin.qq.com',
      WECOM_REPLAY_WINDOW_SECONDS: 300,
      TZ_DEFAULT: 'Asia/Shanghai',
      FILE_STORE_DIR: 'data/files',
    });
  });

  it.each([
    [{ DATABASE_URL: undefined }, 'DATABASE_URL is required'],
    [{ WECOM_TOKEN: '' }, 'WECOM_TOKEN is required'],
    [{ WECOM_ENCODING_AES_KEY: 'short' }, 'WECOM_ENCODING_AES_KEY must be 43 base64 characters'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ XIAOBAN_ROLE: 'both' }, 'XIAOBAN_ROLE'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgresql:// URL'],
    [{ WECOM_REPLAY_WINDOW_SECONDS: '-1' }, 'WECOM_REPLAY_WINDOW_SECONDS'],
  ])('refuses %o with a message naming the variable', (change, message) => {
    expect(() => parseEnv({ ...VALID, ...change })).toThrow(message);
  });

  it('refuses the fake WeCom in production', () => {
    expect(() => parseEnv({ ...VALID, XIAOBAN_FAKE_WECOM: '1', NODE_ENV: 'production' })).toThrow(
      'XIAOBAN_FAKE_WECOM cannot be 1 when NODE_ENV=production',
    );
  });

  it('stops npm start with one line naming the missing variable, and never echoes a secret', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, ...VALID, WECOM_TOKEN: undefined, WECOM_SECRET: 'do-not-print-me' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('xiaoban: WECOM_TOKEN is required');
    expect(result.stdout + result.stderr).not.toContain('do-not-print-me');
  });
});
