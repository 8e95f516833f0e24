import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { parseMail } from './parse-mail';

/** One message as the catcher received it over SMTP. */
export interface CapturedMail {
  id: string;
  receivedAt: string;
  /** The SMTP envelope, which is who really receives the message (Bcc included). */
  envelope: { from: string; to: string[] };
  /** Raw header values, unfolded, keyed by lower-cased name; repeated headers are joined. */
  headers: Record<string, string>;
  subject: string;
  html: string | null;
  text: string | null;
  messageId: string | null;
}

/**
 * A reply for a test to give: 250 accepts, 4xx/5xx rejects with that code, and 0 drops the
 * connection without replying.
 */
export interface SmtpReply {
  code: number;
  /** An RFC 3463 code to start the text with, e.g. `5.1.1` (the catcher adds none by itself). */
  enhanced?: string;
  message?: string;
  /**
   * At the end of DATA: wait this long before replying (Infinity: never reply). A client that
   * gives up meanwhile has sent nothing: the message is not kept, as a relay that had not yet
   * answered would not deliver it.
   */
  delayMs?: number;
}

export interface MailCatcherOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How many messages are kept; the oldest go first. */
  capacity?: number;
  /**
   * For tests of a misconfigured relay: require AUTH (PLAIN or LOGIN, in clear over loopback)
   * with these credentials, answer 535 to any others and 530 to mail sent without logging in.
   */
  auth?: { user: string; pass: string };
  /**
   * For tests of a TLS failure: speak implicit TLS (`smtps://`) with smtp-server's built-in
   * self-signed certificate, which clients refuse.
   */
  untrustedTls?: boolean;
}

/**
 * Takes a received message as a mail server would hand it to the mailbox it is for; throwing
 * makes the catcher answer 451, so the sender keeps the message and tries again.
 */
export type InboundListener = (raw: Buffer, recipients: string[]) => Promise<void>;

interface Waiter {
  predicate: (mail: CapturedMail) => boolean;
  resolve: (mail: CapturedMail) => void;
}

const HOST = '127.0.0.1';

/**
 * An in-process SMTP server on the loopback interface that keeps the last messages it received
 * in memory. It stands in for a real mail server in development and tests, so the application
 * always speaks real SMTP. No TLS and no authentication unless a test asks for a broken version
 * of them (`auth`, `untrustedTls`): it never listens beyond 127.0.0.1.
 */
export class MailCatcher {
  private readonly server: SMTPServer;
  private readonly capacity: number;
  private readonly requestedPort: number;
  private readonly captured: CapturedMail[] = [];
  private readonly replies: SmtpReply[] = [];
  /** The reply to every message once `replies` are spent; none: accept at once. */
  private standingReply?: SmtpReply;
  /** Replies to RCPT TO, by lower-cased address. */
  private readonly recipientReplies = new Map<string, SmtpReply>();
  /** The reply to every new connection instead of the greeting. */
  private connectionReply?: SmtpReply;
  /** How late the greeting, MAIL FROM and RCPT TO are answered. */
  private replyDelayMs = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly inbound: InboundListener[] = [];
  /** Client sockets by remote port, so a chosen reply can drop a connection. */
  private readonly sockets = new Map<number, Socket>();
  private readonly protocol: 'smtp' | 'smtps';
  private nextId = 1;
  private port = 0;

  constructor(options: MailCatcherOptions = {}) {
    this.requestedPort = options.port ?? 0;
    this.capacity = options.capacity ?? 500;
    const { auth, untrustedTls = false } = options;
    this.protocol = untrustedTls ? 'smtps' : 'smtp';
    this.server = new SMTPServer({
      name: 'candor-mail-catcher',
      secure: untrustedTls,
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      authMethods: ['PLAIN', 'LOGIN'],
      // Loopback only, and the credentials are a test's: no TLS needed to send them.
      allowInsecureAuth: true,
      onAuth: ({ username, password }, _session, callback) => {
        if (auth && username === auth.user && password === auth.pass) {
          return callback(null, { user: username });
        }
        callback(
          Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }),
        );
      },
      logger: false,
      // Pooled clients keep idle connections open; do not hold shutdown for them.
      closeTimeout: 500,
      onConnect: (_session, callback) => {
        const reply = this.connectionReply;
        this.later(() => callback(reply && reply.code >= 400 ? smtpError(reply) : undefined));
      },
      onMailFrom: (_address, _session, callback) => this.later(() => callback()),
      onRcptTo: (address, _session, callback) => {
        const reply = this.recipientReplies.get(address.address.toLowerCase());
        this.later(() => callback(reply && reply.code >= 400 ? smtpError(reply) : undefined));
      },
      onData: (stream, session, callback) => {
        const reply = this.replies.shift() ?? this.standingReply;
        // Dropped: the client never gets a reply, so the callback is deliberately not called.
        if (reply?.code === 0) return this.dropConnection(stream, session);
        this.receive(stream, session, reply).then(
          (message) => callback(null, message),
          (error: Error) => callback(error),
        );
      },
    });
    this.server.server.on('connection', (socket: Socket) => {
      const port = socket.remotePort;
      if (port === undefined) return;
      this.sockets.set(port, socket);
      socket.once('close', () => this.sockets.delete(port));
    });
    // Client resets (including the ones we cause) surface here; a catcher has nothing to add.
    this.server.on('error', () => undefined);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.server.once('error', reject);
      this.server.listen(this.requestedPort, HOST, () => {
        this.server.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(resolve));
  }

  get url(): string {
    if (!this.port) throw new Error('The mail catcher is not started');
    return `${this.protocol}://${HOST}:${this.port}`;
  }

  /** Newest first. */
  messages(): CapturedMail[] {
    return [...this.captured];
  }

  message(id: string): CapturedMail | undefined {
    return this.captured.find((mail) => mail.id === id);
  }

  clear(): void {
    this.captured.length = 0;
  }

  /** Queues replies for the next messages, one per message, in order (end of DATA). */
  respondWith(...replies: SmtpReply[]): void {
    replies.forEach(checked);
    this.replies.push(...replies);
  }

  /**
   * Gives `reply` at the end of DATA to every message once the queued replies are spent, until
   * called again (undefined: accept at once). A slow relay: `{ code: 250, delayMs: 10_000 }`; a
   * hanging one: `{ code: 250, delayMs: Infinity }`; a refusing one: `{ code: 550 }`.
   */
  respondToAll(reply: SmtpReply | undefined): void {
    this.standingReply = reply && checked(reply);
  }

  /** Answers RCPT TO for `address` with `reply` (a 4xx or 5xx) until called with undefined. */
  respondToRecipient(address: string, reply: SmtpReply | undefined): void {
    const key = address.toLowerCase();
    if (reply) this.recipientReplies.set(key, checked(reply));
    else this.recipientReplies.delete(key);
  }

  /** Refuses every new connection with `reply` (e.g. 554) instead of the greeting, until undefined. */
  respondToConnections(reply: SmtpReply | undefined): void {
    this.connectionReply = reply && checked(reply);
  }

  /**
   * Answers the greeting, MAIL FROM and RCPT TO each `ms` late (0: at once), as a relay that drips
   * its replies: each within a client's socket timeout, the whole conversation far beyond it. The
   * end of DATA keeps its own delay (`respondWith`, `respondToAll`).
   */
  delayReplies(ms: number): void {
    this.replyDelayMs = ms;
  }

  /**
   * Hands every message received from now on to `listener` too, before it is accepted: in
   * development the catcher is the mail server for replies as well (to case emails).
   */
  onInbound(listener: InboundListener): void {
    this.inbound.push(listener);
  }

  /** Resolves with the newest message that matches, now or when it arrives. */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs = 5000): Promise<CapturedMail> {
    const existing = this.captured.find(predicate);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (mail) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(mail);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`No matching mail arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Reads one message and settles DATA: resolves with the 250 text or rejects with the code. */
  private async receive(
    stream: Readable,
    session: SMTPServerSession,
    reply: SmtpReply | undefined,
  ): Promise<string | undefined> {
    const raw = await readAll(stream);
    if (reply?.delayMs && !(await this.stillConnectedAfter(reply.delayMs, session))) {
      throw new Error('The client left before the reply'); // nobody hears it
    }
    if (reply && reply.code >= 400) throw smtpError(reply);
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    try {
      for (const listener of this.inbound) await listener(raw, recipients);
    } catch {
      throw Object.assign(new Error('Delivery failed for now: try again later'), {
        responseCode: 451,
      });
    }
    this.capture(await toCapturedMail(raw, session, String(this.nextId++)));
    return reply?.message;
  }

  /** Waits `ms` (Infinity: until the client leaves); false if the client left meanwhile. */
  private stillConnectedAfter(ms: number, session: SMTPServerSession): Promise<boolean> {
    const socket = this.sockets.get(session.remotePort);
    if (!socket || socket.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const left = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = Number.isFinite(ms)
        ? setTimeout(() => {
            socket.off('close', left);
            resolve(true);
          }, ms)
        : undefined;
      socket.once('close', left);
    });
  }

  private later(reply: () => void): void {
    if (this.replyDelayMs > 0) setTimeout(reply, this.replyDelayMs);
    else reply();
  }

  private dropConnection(stream: Readable, session: SMTPServerSession): void {
    stream.on('error', () => undefined); // smtp-server errors the half-read stream on close
    this.sockets.get(session.remotePort)?.destroy();
  }

  private capture(mail: CapturedMail): void {
    this.captured.unshift(mail);
    this.captured.length = Math.min(this.captured.length, this.capacity);
    for (const waiter of this.waiters) {
      if (waiter.predicate(mail)) waiter.resolve(mail);
    }
  }
}

function checked(reply: SmtpReply): SmtpReply {
  const { code } = reply;
  if (code !== 0 && code !== 250 && (code < 400 || code > 599)) {
    throw new Error(`Expected 0, 250 or a 4xx/5xx reply code, got ${code}`);
  }
  return reply;
}

/** An error smtp-server answers with `code text`; the enhanced code, if any, leads the text. */
function smtpError(reply: SmtpReply): Error {
  const text = reply.message ?? 'Rejected by the mail catcher';
  return Object.assign(new Error(reply.enhanced ? `${reply.enhanced} ${text}` : text), {
    responseCode: reply.code,
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function toCapturedMail(
  raw: Buffer,
  session: SMTPServerSession,
  id: string,
): Promise<CapturedMail> {
  const parsed = await parseMail(raw);
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  const { mailFrom, rcptTo } = session.envelope;
  return {
    id,
    receivedAt: new Date().toISOString(),
    envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((rcpt) => rcpt.address) },
    headers,
    subject: parsed.subject ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text ?? null,
    messageId: parsed.messageId ?? null,
  };
}
