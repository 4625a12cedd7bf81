import { describe, expect, it } from 'vitest';
import { parseMultipartFiles } from '../../../src/fake-wecom/multipart.js';
import {
  cleanFileName,
  describeSize,
  fileNameFromContentDisposition,
  multipartFileBody,
} from '../../../src/wecom/media.js';

/** The pieces of WeCom's temporary media that are pure: names in headers, multipart bodies, sizes. */
describe("WeCom media's file names, multipart bodies and sizes", () => {
  const asNodeHeader = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

  it.each([
    ['attachment; filename="MEDIA_ID.jpg"', 'MEDIA_ID.jpg'],
    // a name sent as raw UTF-8 bytes reaches Node as latin1
    [`attachment; filename="${asNodeHeader('关于寒假安全工作的通知.pdf')}"`, '关于寒假安全工作的通知.pdf'],
    // RFC 6266's extended form wins over the plain one
    [
      `attachment; filename="fallback.docx"; filename*=UTF-8''${encodeURIComponent('请示（第2稿）.docx')}`,
      '请示（第2稿）.docx',
    ],
    ['attachment; filename=plain.txt', 'plain.txt'],
    [`attachment; filename="${encodeURIComponent('会议纪要.docx')}"`, '会议纪要.docx'],
    ['attachment; filename="100%.txt"', '100%.txt'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', undefined],
  ])('reads %s as %s', (header, name) => {
    expect(fileNameFromContentDisposition(header)).toBe(name);
  });

  it('cleans a name for showing and uploading: no folders, control or bidi characters, no colon, not too long', () => {
    expect(cleanFileName('C:\\Users\\王芳\\桌面\\通知.pdf')).toBe('通知.pdf');
    expect(cleanFileName('a\u0000b\u202Ecod.exe')).toBe('abcod.exe');
    expect(cleanFileName('会议:纪要.docx')).toBe('会议：纪要.docx');
    expect(cleanFileName('  ')).toBeUndefined();
    expect(cleanFileName('..')).toBeUndefined();
    const long = cleanFileName(`${'长'.repeat(200)}.pdf`)!;
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('builds the multipart body media/upload takes, which the fake reads back byte for byte', () => {
    const bytes = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255, ...Buffer.from('二进制')]);
    const { body, contentType } = multipartFileBody({ fieldName: 'media', fileName: '发文稿（修改）.pdf', bytes });
    expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(body.toString('latin1')).toContain(`filelength=${bytes.byteLength}`);
    const [part, ...others] = parseMultipartFiles(body, contentType);
    expect(others).toEqual([]);
    expect(part?.fieldName).toBe('media');
    expect(part?.fileName).toBe('发文稿（修改）.pdf');
    expect(part?.bytes.equals(bytes)).toBe(true);
  });

  it('refuses a body that is not multipart or is cut short', () => {
    expect(() => parseMultipartFiles(Buffer.from('{}'), 'application/json')).toThrow('not multipart');
    const { body, contentType } = multipartFileBody({
      fieldName: 'media',
      fileName: 'a.txt',
      bytes: Buffer.from('hello!'),
    });
    expect(() => parseMultipartFiles(body.subarray(0, body.byteLength - 20), contentType)).toThrow();
  });

  it('says sizes as people read them', () => {
    expect(describeSize(5)).toBe('5 字节');
    expect(describeSize(350 * 1024)).toBe('350 KB');
    expect(describeSize(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(describeSize(20 * 1024 * 1024)).toBe('20 MB');
  });
});
