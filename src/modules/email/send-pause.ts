/** How long sending pauses after an authentication or TLS failure before it tries again. */
export const CONFIGURATION_PAUSE_MS = 60_000;
/** The first pause after the relay refuses Candor's mail; doubled while it keeps refusing. */
export const RELAY_PAUSE_MS = 15_000;
export const RELAY_PAUSE_MAX_MS = 300_000;
/** An unclear refusal older than this says nothing about the next one. */
const UNCLEAR_MEMORY_MS = 10 * 60_000;

/**
 * Whether this process's sending is paused, and why: the relay refused Candor itself (its
 * credentials or TLS, its policy, or a bare 5xx to several recipients in a row), so every message
 * would fail alike. A pause spends no email's retries and suppresses nobody. Per process: each
 * worker finds out for itself with its next send.
 */
export class SendPause {
  private pausedUntil = 0;
  private cause?: string;
  private relayPauses = 0;
  private lastAcceptedAt = 0;
  private lastUnclear?: { recipient: string; at: number };

  constructor(private readonly now: () => number = Date.now) {}

  /** Why sending is paused, if it is. */
  get reason(): string | undefined {
    return this.now() < this.pausedUntil ? this.cause : undefined;
  }

  /** Milliseconds until the pause ends (0 when not paused). */
  get remainingMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** Pauses for the failure `code` (e.g. `relay:550 5.7.1`); answers the line to log. */
  pause(kind: 'configuration' | 'relay', code: string): string {
    const ms =
      kind === 'configuration'
        ? CONFIGURATION_PAUSE_MS
        : Math.min(RELAY_PAUSE_MAX_MS, RELAY_PAUSE_MS * 2 ** this.relayPauses++);
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.cause =
      kind === 'configuration'
        ? `sending paused: the SMTP server refused Candor's credentials or TLS (${code})`
        : `sending paused: the SMTP relay refuses Candor's mail, not a recipient (${code})`;
    return `${this.cause}; trying again in ${Math.round(ms / 1000)} s`;
  }

  /** The relay took a message: it works, whatever it refused before. */
  accepted(): void {
    this.lastAcceptedAt = this.now();
    this.relayPauses = 0;
  }

  /**
   * A 5xx that names no culprit, for `recipient`: the relay's fault when another recipient got one
   * too and nothing was accepted in between (the relay refuses everyone), else maybe the address's.
   */
  unclearRefusal(recipient: string): 'relay' | 'recipient' {
    const now = this.now();
    const previous = this.lastUnclear;
    this.lastUnclear = { recipient, at: now };
    const relayWide =
      previous !== undefined &&
      previous.recipient !== recipient &&
      previous.at >= this.lastAcceptedAt &&
      now - previous.at < UNCLEAR_MEMORY_MS;
    return relayWide ? 'relay' : 'recipient';
  }
}
