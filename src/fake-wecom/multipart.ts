/** One file part of a multipart/form-data body. */
export interface MultipartFile {
  fieldName: string;
  fileName: string | undefined;
  bytes: Buffer;
}

/**
 * The file parts of a multipart/form-data body (RFC 7578), as media/upload receives them: enough
 * for the fake to check what Xiaoban uploads (the part's name, its filename, its exact bytes).
 * Names are read as UTF-8, as browsers and WeCom's examples send them. Throws on a malformed body.
 */
export function parseMultipartFiles(body: Buffer, contentType: string | undefined): MultipartFile[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!/^multipart\/form-data/i.test(contentType ?? '') || !boundary) throw new Error('not multipart/form-data');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: MultipartFile[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('no boundary in the body');
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') return files; // the closing delimiter
    if (body.subarray(position, position + 2).toString() !== '\r\n') throw new Error('malformed boundary line');
    const headersEnd = body.indexOf('\r\n\r\n', position);
    if (headersEnd < 0) throw new Error('a part without a blank line after its headers');
    const headers = body.subarray(position + 2, headersEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0) throw new Error('a part without a closing boundary');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const fieldName = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (fieldName !== undefined && fileName !== undefined)
      files.push({
        fieldName,
        fileName: fileName === '' ? undefined : fileName,
        bytes: body.subarray(headersEnd + 4, next),
      });
    position = next + 2;
  }
}
