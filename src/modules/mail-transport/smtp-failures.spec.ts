import { classifySmtpFailure, enhancedCodeOf, type SmtpFailure } from './smtp-failures';

describe('classifySmtpFailure', () => {
  it.each<[SmtpFailure, string]>([
    // Transient: try again later.
    [
      { code: 'EMESSAGE', responseCode: 451, response: '451 4.3.0 try later', command: 'DATA' },
      'transient',
    ],
    [
      { code: 'EENVELOPE', responseCode: 421, response: '421 busy', command: 'RCPT TO' },
      'transient',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 450,
        response: '450 4.2.1 greylisted',
        command: 'RCPT TO',
      },
      'transient',
    ],
    [
      { code: 'EMESSAGE', responseCode: 503, response: '503 5.5.1 bad sequence', command: 'DATA' },
      'transient',
    ],
    [{ code: 'ECONNECTION' }, 'transient'],
    [{ code: 'ETIMEDOUT', command: 'CONN' }, 'transient'],
    [{ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, 'transient'],
    [{ code: 'ECONNRESET' }, 'transient'],
    [{ code: 'EPROTOCOL', response: '999 what', command: 'CONN' }, 'transient'],
    // Recipient: bounce and suppress the address.
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.1.1 no such user',
        command: 'RCPT TO',
      },
      'recipient',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550-5.1.2 bad domain',
        command: 'RCPT TO',
      },
      'recipient',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 553,
        response: '553 5.1.3 bad syntax',
        command: 'RCPT TO',
      },
      'recipient',
    ],
    [
      { code: 'EENVELOPE', responseCode: 556, response: '556 5.1.10 null MX', command: 'RCPT TO' },
      'recipient',
    ],
    [
      {
        code: 'EMESSAGE',
        responseCode: 550,
        response: '550 5.2.1 mailbox disabled',
        command: 'DATA',
      },
      'recipient',
    ],
    // Message: fails, nobody suppressed.
    [
      { code: 'EMESSAGE', responseCode: 552, response: '552 5.2.2 mailbox full', command: 'DATA' },
      'message',
    ],
    [
      { code: 'EMESSAGE', responseCode: 552, response: '552 5.3.4 too big', command: 'DATA' },
      'message',
    ],
    [
      { code: 'EMESSAGE', responseCode: 554, response: '554 5.6.0 bad content', command: 'DATA' },
      'message',
    ],
    [{ code: 'EMESSAGE', responseCode: 552, response: '552 too big', command: 'DATA' }, 'message'],
    [
      { code: 'EMESSAGE', responseCode: 554, response: '554 transaction failed', command: 'DATA' },
      'message',
    ],
    [{ code: 'EENVELOPE', command: 'API' }, 'message'],
    // Relay: pause sending, nobody suppressed, no retry spent.
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.7.1 relaying denied',
        command: 'RCPT TO',
      },
      'relay',
    ],
    [
      { code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 spam policy', command: 'DATA' },
      'relay',
    ],
    [{ code: 'EPROTOCOL', responseCode: 554, response: '554 go away', command: 'CONN' }, 'relay'],
    [{ code: 'EPROTOCOL', responseCode: 550, response: '550 no', command: 'EHLO' }, 'relay'],
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 sender refused',
        command: 'MAIL FROM',
      },
      'relay',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 553,
        response: '553 5.1.7 bad sender',
        command: 'RCPT TO',
      },
      'relay',
    ],
    [
      { code: 'EMESSAGE', responseCode: 550, response: '550 5.3.2 not accepting', command: 'DATA' },
      'relay',
    ],
    [{ code: 'EMESSAGE', responseCode: 500, response: '500 5.5.2 what', command: 'DATA' }, 'relay'],
    // Unclear: the sender decides from what else is failing.
    [{ code: 'EMESSAGE', responseCode: 550, response: '550 rejected', command: 'DATA' }, 'unclear'],
    [
      { code: 'EENVELOPE', responseCode: 550, response: '550 no such user', command: 'RCPT TO' },
      'unclear',
    ],
    [
      { code: 'EMESSAGE', responseCode: 550, response: '550 5.0.0 rejected', command: 'DATA' },
      'unclear',
    ],
    [
      {
        code: 'EENVELOPE',
        responseCode: 550,
        response: '550 5.4.1 access denied',
        command: 'RCPT TO',
      },
      'unclear',
    ],
    // Configuration: credentials or TLS.
    [
      {
        code: 'EAUTH',
        responseCode: 535,
        response: '535 5.7.8 bad credentials',
        command: 'AUTH PLAIN',
      },
      'configuration',
    ],
    [{ code: 'ENOAUTH' }, 'configuration'],
    [{ code: 'ETLS' }, 'configuration'],
    [{ code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }, 'configuration'],
    [{ code: 'ESOCKET', originalCode: 'ERR_SSL_WRONG_VERSION_NUMBER' }, 'configuration'],
    // A relay that wants a login refuses MAIL FROM with 530: no message would get through.
    [
      { code: 'EENVELOPE', responseCode: 530, response: '530 auth first', command: 'MAIL FROM' },
      'configuration',
    ],
    [
      { code: 'EENVELOPE', responseCode: 538, response: '538 tls first', command: 'MAIL FROM' },
      'configuration',
    ],
  ])('%j is %s', (failure, kind) => {
    expect(classifySmtpFailure(failure).kind).toBe(kind);
  });

  it('reports the enhanced code it read', () => {
    expect(
      classifySmtpFailure({ responseCode: 550, response: '550 5.1.1 no', command: 'RCPT TO' }),
    ).toEqual({ kind: 'recipient', enhancedCode: '5.1.1' });
  });
});

describe('enhancedCodeOf', () => {
  it.each<[string | undefined, string | undefined]>([
    ['550 5.1.1 <a@b.example>: no such user', '5.1.1'],
    ['550-5.7.1 relaying denied', '5.7.1'],
    ['451 4.3.0 try later', '4.3.0'],
    ['550 no such user', undefined],
    // The class must agree with the basic code's: a 550 carrying 4.x.x says nothing reliable.
    ['550 4.1.1 odd', undefined],
    ['550 5.1.1x', undefined],
    [undefined, undefined],
  ])('%j → %j', (response, code) => {
    expect(enhancedCodeOf(response)).toBe(code);
  });
});
