import { randomBytes } from 'node:crypto';

/**
 * WeCom's temporary media (素材), as the file messages of 收文/发文 use them (DOC 90253 上传临时素材,
 * DOC 90254 获取临时素材): a `media_id` lives 3 days; an ordinary file (`file`) may be at most 20 MB,
 * and every file must be more than 5 bytes.
 */
export const WECOM_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const WECOM_FILE_MIN_BYTES = 6;
export const MEDIA_ID_LIFETIME_MS = 3 * 24 * 3600_000;

/** What media/get brought: the file, or the news that it is larger than the caller takes. */
export type MediaDownload =
  | { kind: 'file'; bytes: Buffer; fileName: string | undefined; contentType: string | undefined }
  | { kind: 'too_large'; sizeBytes: number | undefined };

/**
 * The file name of a `Content-Disposition` header: RFC 6266's `filename*=UTF-8''…` when given,
 * else `filename="…"`, %-decoded when it is %-encoded UTF-8 (a header carries ASCII; how WeCom
 * writes a Chinese name there is not documented, and the callback's FileName is preferred anyway).
 * Node hands header values over as latin1, so a name sent as raw UTF-8 bytes is decoded from them.
 */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended) {
    try {
      return cleanFileName(decodeURIComponent(extended[1]!.trim()));
    } catch {
      // a malformed %-escape: fall back to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/.exec(header);
  const raw = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  if (!raw) return undefined;
  if (/%[0-9A-Fa-f]{2}/.test(raw) && /^[\x20-\x7e]*$/.test(raw)) {
    try {
      return cleanFileName(decodeURIComponent(raw));
    } catch {
      // a literal % in the name
    }
  }
  const asUtf8 = Buffer.from(raw, 'latin1').toString('utf8');
  return cleanFileName(asUtf8.includes('\uFFFD') ? raw : asUtf8);
}

/**
 * A file name fit to show and to upload: no folders, no control or bidi characters, WeCom's rules
 * for `filename` (no leading `/`, no `\` or `:`, DOC 99310), at most 120 characters (the extension
 * kept); undefined when nothing is left.
 */
export function cleanFileName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const base = name.split(/[\\/]/).at(-1) ?? '';
  const cleaned = base
    .replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/:/g, '：')
    .trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return undefined;
  const characters = [...cleaned];
  if (characters.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return characters.slice(0, 120 - [...extension].length).join('') + extension;
}

/**
 * A multipart/form-data body with one file part, as media/upload takes it (DOC 90253: the part is
 * named `media` and carries filename, filelength and content-type). The name goes in as UTF-8, as
 * WeCom's own examples and browsers send it; quotes and line breaks cannot occur in a cleaned name.
 */
export function multipartFileBody(file: { fieldName: string; fileName: string; bytes: Uint8Array }): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `----xiaoban${randomBytes(12).toString('hex')}`;
  const fileName = file.fileName.replace(/["\r\n]/g, '_');
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${file.fieldName}"; filename="${fileName}"; filelength=${file.bytes.byteLength}\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return {
    body: Buffer.concat([Buffer.from(head, 'utf8'), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** 1.2 MB, 350 KB, 12 字节: a size as people read it. */
export function describeSize(sizeBytes: number): string {
  if (sizeBytes < 1024) return `${sizeBytes} 字节`;
  if (sizeBytes < 1024 * 1024) return `${Math.max(1, Math.round(sizeBytes / 1024))} KB`;
  return `${(sizeBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
