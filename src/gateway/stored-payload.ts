/**
 * A callback's fields as stored in inbound_event.payload (jsonb). jsonb cannot hold U+0000 or an
 * unpaired surrogate, yet a person can send either (WeCom passes them on), and refusing the callback
 * would only make WeCom retry it and then drop it: what a person typed is stored losslessly instead.
 * Such a string is kept as `{ "$utf16le": "<base64 of its UTF-16 code units>" }`; XML names cannot
 * start with `$`, so no real field looks like that.
 */
const ESCAPED = '$utf16le';
const NOT_STORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function toStoredPayload(value: unknown): unknown {
  if (typeof value === 'string')
    return NOT_STORABLE.test(value) ? { [ESCAPED]: Buffer.from(value, 'utf16le').toString('base64') } : value;
  if (Array.isArray(value)) return value.map(toStoredPayload);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toStoredPayload(inner)]));
  return value;
}

export function readStoredPayload<T = Record<string, unknown>>(stored: unknown): T {
  return restore(stored) as T;
}

function restore(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(restore);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === ESCAPED && typeof entries[0]![1] === 'string')
      return Buffer.from(entries[0]![1], 'base64').toString('utf16le');
    return Object.fromEntries(entries.map(([key, inner]) => [key, restore(inner)]));
  }
  return value;
}
