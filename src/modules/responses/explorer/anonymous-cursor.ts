import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { isUUID } from 'class-validator';
import { validationError } from '../../../common/validation/validation-error';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Where a page of anonymous answers ended (their month and id), sealed with AES-256-GCM under a
 * key derived from the token secret. An anonymous answer's id must not leave Candor: the
 * `response.received` event names it with the time of its release, and nothing shown of an
 * anonymous answer may join to anything. Sealed, a cursor says nothing and cannot be forged; a
 * cursor that does not open is the 400 of any bad cursor.
 */
export class AnonymousCursors {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('candor: anonymous answers cursor').digest();
  }

  seal(month: string, id: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(`${month} ${id}`, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The month (`YYYY-MM-01`) and id a cursor of `seal` holds. */
  open(cursor: string): [string, string] {
    const bytes = Buffer.from(cursor, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      const text = Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
      const [month, id] = text.split(' ');
      if (/^\d{4}-\d{2}-01$/.test(month) && isUUID(id)) return [month, id];
    } catch {
      // falls through to the 400
    }
    throw validationError([{ field: 'cursor', message: 'must be a nextCursor this API returned' }]);
  }
}
