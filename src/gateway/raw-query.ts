/**
 * Reads query values without turning '+' into a space: WeCom's echostr is standard base64, and
 * URLSearchParams or express's parser would corrupt it and break the signature (NOTES §1).
 */
export function readRawQuery(url: string): Map<string, string> {
  const values = new Map<string, string>();
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return values;
  for (const pair of url.slice(queryStart + 1).split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    try {
      values.set(decodeURIComponent(name), decodeURIComponent(value));
    } catch {
      // a malformed %-escape: leave the value out, so the request fails as unsigned
    }
  }
  return values;
}
