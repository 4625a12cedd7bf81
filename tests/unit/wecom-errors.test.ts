import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/shared/errors.js';
import { classifyWecomError, WecomApiError } from '../../src/wecom/errors.js';

describe('classifyWecomError', () => {
  it('retries only what is transient', () => {
    expect(classifyWecomError(0)).toEqual({ kind: 'ok' });
    expect(classifyWecomError(-1)).toEqual({ kind: 'retry' });
    expect(classifyWecomError(6000)).toEqual({ kind: 'retry' });
  });

  it('asks for a new token on 40014 and 42001', () => {
    expect(classifyWecomError(40014).kind).toBe('refresh_token');
    expect(classifyWecomError(42001).kind).toBe('refresh_token');
  });

  it('turns frequency and concurrency limits into a wait, 60 s for 45009', () => {
    expect(classifyWecomError(45009)).toEqual({ kind: 'rate_limited', retryAfterMs: 60_000 });
    const concurrency = classifyWecomError(45033);
    expect(concurrency.kind).toBe('rate_limited');
    expect(concurrency.retryAfterMs).toBeGreaterThan(0);
  });

  it('gives up on a bad secret, bad content, bad codes, bad recipients and missing permissions', () => {
    for (const errcode of [
      40001, 41001, 43012, 45002, 48002, 60020, 60140, 81013, 301002, 42014, 42051, 40058, 123456,
    ]) {
      expect(classifyWecomError(errcode)).toEqual({ kind: 'permanent' });
    }
  });
});

describe('WecomApiError', () => {
  it('is the AppError WECOM_API, naming the API, the errcode, the errmsg and a hint', () => {
    const error = new WecomApiError({
      api: 'message/update_template_card',
      failure: 60140,
      detail: 'invalid response_code',
      isRetryable: false,
    });
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('WECOM_API');
    expect(error).toMatchObject({
      api: 'message/update_template_card',
      errcode: 60140,
      isRetryable: false,
      retryAfterMs: undefined,
    });
    expect(error.message).toContain('errcode 60140: invalid response_code');
    expect(error.message).toMatch(/once/);
  });

  it('carries when to retry a rate limit, and says so to the person in Chinese', () => {
    const error = new WecomApiError({
      api: 'message/send',
      failure: 45009,
      detail: 'api freq out of limit',
      isRetryable: true,
      retryAfterMs: 60_000,
    });
    expect(error).toMatchObject({ isRetryable: true, retryAfterMs: 60_000 });
    expect(error.userMessage).toMatch(/稍后再试/);
  });

  it('describes network and HTTP failures without an errcode', () => {
    expect(
      new WecomApiError({
        api: 'gettoken',
        failure: 'network',
        detail: 'ECONNRESET: socket hang up',
        isRetryable: true,
      }).message,
    ).toBe('WeCom gettoken failed: network error: ECONNRESET: socket hang up');
    expect(
      new WecomApiError({
        api: 'gettoken',
        failure: 'http',
        upstreamStatus: 502,
        detail: 'unexpected HTTP status',
        isRetryable: true,
      }).message,
    ).toContain('HTTP 502');
  });
});
