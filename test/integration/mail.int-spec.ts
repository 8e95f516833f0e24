import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MailCatcher } from '../../src/modules/mail-transport/mail-catcher';
import {
  MailDeliveryError,
  MailTransport,
  type OutgoingMail,
} from '../../src/modules/mail-transport/mail-transport';

const MAIL_FROM = 'Candor <feedback@candor.localhost>';
const RECIPIENT = 'ann.customer@example.com';

/** A message with a fresh Message-ID, so each test finds its own mail in the shared catcher. */
function outgoing(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: RECIPIENT,
    subject: 'How did we do?',
    html: '<p>Tell us <a href="https://candor.localhost/s/abc">here</a>.</p>',
    text: 'Tell us here: https://candor.localhost/s/abc',
    messageId: `<${randomUUID()}@candor.localhost>`,
    ...overrides,
  };
}

async function deliveryError(promise: Promise<unknown>): Promise<MailDeliveryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof MailDeliveryError)) {
    throw new Error(`Expected a MailDeliveryError, got ${String(error)}`);
  }
  return error;
}

describe('MailTransport against the MailCatcher (real SMTP)', () => {
  const catcher = new MailCatcher();
  let transport: MailTransport;

  beforeAll(async () => {
    await catcher.start();
    transport = new MailTransport(catcher.url, MAIL_FROM);
  });

  afterAll(async () => {
    transport.close();
    await catcher.stop();
  });

  it('delivers subject, bodies, Message-ID and custom headers intact', async () => {
    const message = outgoing({
      subject: 'Your case #42 — we’re on it',
      headers: {
        'List-Unsubscribe': '<https://candor.localhost/u/tok123>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      replyTo: 'support@candor.localhost',
      inReplyTo: '<original@candor.localhost>',
      references: ['<original@candor.localhost>'],
    });

    const result = await transport.send(message);
    const mail = await catcher.waitFor((m) => m.messageId === message.messageId);

    expect(result).toMatchObject({
      messageId: message.messageId,
      accepted: [RECIPIENT],
      rejected: [],
    });
    expect(result.response).toMatch(/^250\b/);
    expect(mail.envelope).toEqual({ from: 'feedback@candor.localhost', to: [RECIPIENT] });
    expect(mail.subject).toBe(message.subject);
    expect(mail.html).toBe(message.html);
    expect(mail.text).toBe(message.text);
    expect(mail.headers).toMatchObject({
      'message-id': message.messageId,
      from: MAIL_FROM,
      to: RECIPIENT,
      'list-unsubscribe': '<https://candor.localhost/u/tok123>',
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'reply-to': 'support@candor.localhost',
      'in-reply-to': '<original@candor.localhost>',
      references: '<original@candor.localhost>',
    });
    expect(catcher.message(mail.id)).toBe(mail);
  });

  it('reports a 451 as transient with its code, then delivers the next message', async () => {
    catcher.respondWith(
      { code: 451, message: `Greylisted <${RECIPIENT}>, try again later` },
      { code: 250, message: 'Queued as 7F3A' },
    );

    const error = await deliveryError(transport.send(outgoing()));
    expect(error).toMatchObject({ kind: 'transient', responseCode: 451 });
    expect(error.message).toContain('451');
    expect(error.message).not.toContain(RECIPIENT);

    const retry = outgoing();
    const result = await transport.send(retry);
    expect(result.response).toBe('250 Queued as 7F3A');
    await expect(catcher.waitFor((m) => m.messageId === retry.messageId)).resolves.toBeDefined();
  });

  it("reports a 550 5.1.1 as the recipient's, with its enhanced code, and nothing is captured", async () => {
    catcher.respondWith({ code: 550, enhanced: '5.1.1', message: `No such user <${RECIPIENT}>` });
    const message = outgoing();

    const error = await deliveryError(transport.send(message));

    expect(error).toMatchObject({ kind: 'recipient', responseCode: 550, enhancedCode: '5.1.1' });
    expect(error.shortCode).toBe('recipient:550 5.1.1');
    expect(error.message).not.toContain(RECIPIENT);
    expect(catcher.messages().some((m) => m.messageId === message.messageId)).toBe(false);
  });

  it("reports a bare 550 as unclear, and a 554 to the greeting as the relay's", async () => {
    catcher.respondWith({ code: 550, message: 'Rejected' });
    await expect(deliveryError(transport.send(outgoing()))).resolves.toMatchObject({
      kind: 'unclear',
      responseCode: 550,
    });

    catcher.respondToConnections({ code: 554, message: 'No service for you' });
    const refused = new MailTransport(catcher.url, MAIL_FROM);
    try {
      await expect(deliveryError(refused.send(outgoing()))).resolves.toMatchObject({
        kind: 'relay',
        responseCode: 554,
      });
    } finally {
      catcher.respondToConnections(undefined);
      refused.close();
    }
  });

  it('reports a connection dropped during DATA as transient, and recovers', async () => {
    catcher.respondWith({ code: 0 });

    const error = await deliveryError(transport.send(outgoing()));
    expect(error.kind).toBe('transient');
    expect(error.responseCode).toBeUndefined();

    const next = outgoing();
    await transport.send(next);
    await expect(catcher.waitFor((m) => m.messageId === next.messageId)).resolves.toBeDefined();
  });

  it('keeps a line break in the subject from adding a Bcc recipient', async () => {
    const message = outgoing({ subject: 'hi\r\nBcc: eve@attacker.example' });

    await transport.send(message);
    const mail = await catcher.waitFor((m) => m.messageId === message.messageId);

    expect(mail.envelope.to).toEqual([RECIPIENT]);
    expect(mail.headers).not.toHaveProperty('bcc');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('verifies against the catcher and fails against a closed port', async () => {
    await expect(transport.verify()).resolves.toBeUndefined();

    const gone = new MailCatcher();
    await gone.start();
    const closedUrl = gone.url;
    await gone.stop();
    const unreachable = new MailTransport(closedUrl, MAIL_FROM);
    try {
      const error = await deliveryError(unreachable.verify());
      expect(error.kind).toBe('transient');
    } finally {
      unreachable.close();
    }
  });
});

describe('MailTransport against a relay that drips its replies', () => {
  const catcher = new MailCatcher();
  // Every reply comes within the socket timeout (2 s), so only the send's deadline ends it.
  const timeouts = {
    connectionTimeout: 3000,
    greetingTimeout: 3000,
    socketTimeout: 2000,
    sendTimeout: 2500,
  };
  let transport: MailTransport;

  beforeAll(async () => {
    await catcher.start();
    transport = new MailTransport(catcher.url, MAIL_FROM, timeouts);
  });

  afterAll(async () => {
    transport.close();
    await catcher.stop();
  });

  it('fails a send at its deadline, and the relay cannot accept it afterwards', async () => {
    // The greeting, MAIL FROM and RCPT TO 0.3 s late each, the 250 to the message 1.8 s after
    // it: the deadline falls while the relay holds its 250 (reverse DNS delays the greeting by
    // at most 1.5 s more), and the whole would end past it.
    catcher.delayReplies(300);
    catcher.respondWith({ code: 250, delayMs: 1800 });
    const message = outgoing();

    const started = Date.now();
    const error = await deliveryError(transport.send(message));
    const elapsed = Date.now() - started;
    catcher.delayReplies(0);

    expect(error).toMatchObject({ kind: 'transient', errorCode: 'ETIMEDOUT' });
    expect(error.shortCode).toBe('transient:ETIMEDOUT');
    expect(elapsed).toBeGreaterThanOrEqual(timeouts.sendTimeout - 50);
    expect(elapsed).toBeLessThan(timeouts.sendTimeout + 2000);
    // Past the moment the relay would have accepted it, had the connection stayed open.
    await sleep(2500);
    expect(catcher.messages().some((m) => m.messageId === message.messageId)).toBe(false);

    const next = outgoing(); // on a fresh connection
    await transport.send(next);
    await expect(catcher.waitFor((m) => m.messageId === next.messageId)).resolves.toBeDefined();
  });
});

describe('MailCatcher', () => {
  it('keeps the newest messages up to its capacity and waits for one to arrive', async () => {
    const catcher = new MailCatcher({ capacity: 2 });
    await catcher.start();
    const transport = new MailTransport(catcher.url, MAIL_FROM);
    try {
      const [first, second, third] = [outgoing(), outgoing(), outgoing()];
      const arrival = catcher.waitFor((m) => m.messageId === third.messageId);
      for (const message of [first, second, third]) await transport.send(message);

      await expect(arrival).resolves.toMatchObject({ messageId: third.messageId });
      expect(catcher.messages().map((m) => m.messageId)).toEqual([
        third.messageId,
        second.messageId,
      ]);
      await expect(catcher.waitFor(() => false, 50)).rejects.toThrow(/within 50 ms/);

      catcher.clear();
      expect(catcher.messages()).toEqual([]);
    } finally {
      transport.close();
      await catcher.stop();
    }
  });
});
