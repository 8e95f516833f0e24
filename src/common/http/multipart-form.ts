/** Fields of a form body: `{a: '1', b: ['2', '3']}`, in an object without a prototype. */
export type ParsedForm = Record<string, string | string[]>;

/** A one-click unsubscribe has one field; a form with more parts than this is not ours. */
const MAX_PARTS = 20;

/**
 * The text fields of a small `multipart/form-data` body (RFC 7578), or why it cannot be read.
 * Only what RFC 8058's one-click POST needs: file parts are skipped, not kept, and the body has
 * already been size-limited by its parser.
 */
export function parseMultipartForm(body: string, contentType: string): ParsedForm | string {
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]{1,70})"|([^";\s]{1,70}))/i.exec(contentType);
  if (!boundary) return 'The multipart body has no boundary in its Content-Type.';
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const form = Object.create(null) as ParsedForm;
  // The body before the first delimiter is a preamble; each chunk after one is a part, until "--".
  const chunks = `\r\n${body}`.split(`\r\n${delimiter}`);
  if (chunks.length < 2) return 'The multipart body does not contain its boundary.';
  for (let i = 1; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (chunk.startsWith('--')) return form;
    if (i > MAX_PARTS) return `The multipart body has more than ${MAX_PARTS} parts.`;
    const part = readPart(chunk);
    if (typeof part === 'string') return part;
    if (part === null) continue;
    if (part.name === '__proto__')
      return 'The form has a field named __proto__, which is not accepted.';
    const seen = form[part.name];
    if (seen === undefined) form[part.name] = part.value;
    else if (Array.isArray(seen)) seen.push(part.value);
    else form[part.name] = [seen, part.value];
  }
  return 'The multipart body ends before its closing boundary.';
}

/** One part: its field, null for a file (skipped), or why it is malformed. */
function readPart(chunk: string): { name: string; value: string } | null | string {
  // After the delimiter: optional whitespace, CRLF, headers, an empty line, the content.
  const headersStart = chunk.indexOf('\r\n');
  const headersEnd = chunk.indexOf('\r\n\r\n', headersStart);
  if (headersStart < 0 || headersEnd < 0 || chunk.slice(0, headersStart).trim() !== '') {
    return 'A part of the multipart body has no headers.';
  }
  const headers = chunk.slice(headersStart + 2, headersEnd);
  const disposition = /^content-disposition:\s*form-data\s*(;.*)$/im.exec(headers)?.[1];
  const name = disposition && parameter(disposition, 'name');
  if (name === undefined || name === null || name === '') {
    return 'A part of the multipart body has no form-data name.';
  }
  if (parameter(disposition!, 'filename') !== null) return null;
  return { name, value: chunk.slice(headersEnd + 4) };
}

function parameter(disposition: string, key: string): string | null {
  const match = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(
    disposition,
  );
  if (!match) return null;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}
