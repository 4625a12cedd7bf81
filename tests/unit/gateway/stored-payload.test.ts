import { describe, expect, it } from 'vitest';
import { readStoredPayload, toStoredPayload } from '../../../src/gateway/stored-payload.js';

describe('the stored form of a callback payload', () => {
  it('keeps ordinary fields as they are', () => {
    const fields = {
      Content: '用印 事由:报送',
      MsgId: '1234567890123456789',
      SelectedItems: { SelectedItem: [{ OptionIds: { OptionId: ['a', 'b'] } }] },
    };
    expect(toStoredPayload(fields)).toEqual(fields);
  });

  it('round-trips U+0000 and unpaired surrogates, which jsonb cannot hold, at any depth', () => {
    const fields = { Content: 'a\u0000b', Nested: { Items: ['\uD800x', 'y\uDC00', '𠮷'] } };
    const stored = toStoredPayload(fields);
    expect(JSON.stringify(stored)).not.toMatch(/\\u0000|\\ud8|\\udc/i);
    expect(readStoredPayload(JSON.parse(JSON.stringify(stored)))).toEqual(fields);
  });
});
