import { caseOfReplyAddress, replyAddress } from './reply-address';

const MAILBOX = 'replies@candor.example';
const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const CASE_ID = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

describe('reply addresses', () => {
  it('name their case, and nothing else names it', () => {
    const address = replyAddress(MAILBOX, SECRET, CASE_ID);
    expect(address).toMatch(
      /^replies\+6f1c2b3a4d5e4f608a7b9c0d1e2f3a4b\.[0-9a-f]{16}@candor\.example$/,
    );
    expect(address.split('@')[0].length).toBeLessThanOrEqual(64);
    expect(caseOfReplyAddress(MAILBOX, SECRET, address)).toBe(CASE_ID);
  });

  it('survive a server that changes the case of letters', () => {
    const address = replyAddress(MAILBOX, SECRET, CASE_ID).toUpperCase();
    expect(caseOfReplyAddress(MAILBOX, SECRET, address)).toBe(CASE_ID);
  });

  it('refuse a forged, altered or foreign address', () => {
    const address = replyAddress(MAILBOX, SECRET, CASE_ID);
    const otherCase = address.replace('6f1c2b3a', '7f1c2b3a');
    expect(caseOfReplyAddress(MAILBOX, SECRET, otherCase)).toBeNull();
    expect(
      caseOfReplyAddress(MAILBOX, 'another-secret-of-thirty-two-characters!', address),
    ).toBeNull();
    expect(caseOfReplyAddress('help@candor.example', SECRET, address)).toBeNull();
    expect(caseOfReplyAddress(MAILBOX, SECRET, 'replies@candor.example')).toBeNull();
    expect(caseOfReplyAddress(MAILBOX, SECRET, 'not an address')).toBeNull();
  });
});
