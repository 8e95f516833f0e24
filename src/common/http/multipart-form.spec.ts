import { parseMultipartForm } from './multipart-form';

const TYPE = 'multipart/form-data; boundary=----candor42';
const part = (headers: string, content: string) =>
  `------candor42\r\n${headers}\r\n\r\n${content}\r\n`;

describe('parseMultipartForm', () => {
  it("reads RFC 8058's one-click body", () => {
    const body = `${part('Content-Disposition: form-data; name="List-Unsubscribe"', 'One-Click')}------candor42--\r\n`;
    expect({ ...(parseMultipartForm(body, TYPE) as object) }).toEqual({
      'List-Unsubscribe': 'One-Click',
    });
  });

  it('keeps repeated fields, skips files and ignores preamble and epilogue', () => {
    const body =
      'preamble\r\n' +
      part('Content-Disposition: form-data; name="a"', '1') +
      part('content-disposition: form-data; name="a"', 'two\r\nlines') +
      part(
        'Content-Disposition: form-data; name="f"; filename="x.txt"\r\nContent-Type: text/plain',
        'file',
      ) +
      '------candor42--\r\nepilogue';
    const form = parseMultipartForm(body, 'multipart/form-data; boundary="----candor42"');
    expect({ ...(form as object) }).toEqual({ a: ['1', 'two\r\nlines'] });
    expect(Object.getPrototypeOf(form)).toBeNull();
  });

  it.each([
    ['no boundary', 'x', 'multipart/form-data', /no boundary/],
    ['no delimiter', 'hello', TYPE, /does not contain its boundary/],
    [
      'no closing delimiter',
      part('Content-Disposition: form-data; name="a"', '1'),
      TYPE,
      /ends before/,
    ],
    [
      'a part without a name',
      `${part('Content-Type: text/plain', '1')}------candor42--`,
      TYPE,
      /no form-data name/,
    ],
    [
      '__proto__',
      `${part('Content-Disposition: form-data; name="__proto__"', '1')}------candor42--`,
      TYPE,
      /__proto__/,
    ],
    [
      'too many parts',
      `${part('Content-Disposition: form-data; name="a"', '1').repeat(21)}------candor42--`,
      TYPE,
      /more than 20 parts/,
    ],
  ])('refuses %s', (_case, body, type, message) => {
    expect(parseMultipartForm(body, type)).toMatch(message);
  });
});
