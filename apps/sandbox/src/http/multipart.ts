/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=…` content type, or null if it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined || !/^multipart\/form-data/i.test(contentType)) return null;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? '').trim() || null : null;
}

/** Splits a multipart/form-data body into its parts; throws on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let position = body.indexOf(delimiter);
  if (position === -1) throw new Error('multipart body has no boundary');
  while (true) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', position);
    if (headerEnd === -1) throw new Error('multipart part has no header terminator');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next === -1) throw new Error('multipart body is not terminated');
    const headers = body.subarray(position, headerEnd).toString('utf8').split('\r\n').filter(Boolean);
    // The part's data ends with the CRLF that precedes the next delimiter.
    const data = body.subarray(headerEnd + 4, next - 2);
    let name = '';
    let filename: string | null = null;
    let contentType: string | null = null;
    for (const line of headers) {
      const [key, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (key?.toLowerCase() === 'content-disposition') {
        name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? '';
        filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
      } else if (key?.toLowerCase() === 'content-type') {
        contentType = value;
      }
    }
    parts.push({ name, filename, contentType, data });
    position = next;
  }
  return parts;
}
