import {
  CONFIGURATION_PAUSE_MS,
  RELAY_PAUSE_MAX_MS,
  RELAY_PAUSE_MS,
  SendPause,
} from './send-pause';

describe('SendPause', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('pauses for a minute on a configuration failure, and says why until then', () => {
    const pause = new SendPause(clock);
    expect(pause.reason).toBeUndefined();
    pause.pause('configuration', 'configuration:535');
    expect(pause.reason).toContain('credentials or TLS (configuration:535)');
    now += CONFIGURATION_PAUSE_MS - 1;
    expect(pause.remainingMs).toBe(1);
    now += 1;
    expect(pause.reason).toBeUndefined();
  });

  it('doubles the relay pause while the relay keeps refusing, and starts over once it takes mail', () => {
    const pause = new SendPause(clock);
    const lengths: number[] = [];
    for (let i = 0; i < 7; i++) {
      pause.pause('relay', 'relay:550 5.7.1');
      lengths.push(pause.remainingMs);
      now += pause.remainingMs;
    }
    expect(lengths).toEqual([15, 30, 60, 120, 240, 300, 300].map((s) => s * 1000));
    expect(Math.max(...lengths)).toBe(RELAY_PAUSE_MAX_MS);
    pause.accepted();
    pause.pause('relay', 'relay:550 5.7.1');
    expect(pause.remainingMs).toBe(RELAY_PAUSE_MS);
  });

  it('takes a bare 5xx for the relay only when another recipient got one since the last acceptance', () => {
    const pause = new SendPause(clock);
    expect(pause.unclearRefusal('a@example.com')).toBe('recipient');
    now += 10;
    expect(pause.unclearRefusal('b@example.com')).toBe('relay');
    now += 10;
    pause.accepted();
    now += 10;
    // The relay took mail since: the next refusal may be about its own address.
    expect(pause.unclearRefusal('c@example.com')).toBe('recipient');
    now += 10;
    // The same address refused again is no sign of the relay refusing everyone.
    expect(pause.unclearRefusal('c@example.com')).toBe('recipient');
    // Long ago says nothing.
    now += 11 * 60_000;
    expect(pause.unclearRefusal('d@example.com')).toBe('recipient');
  });
});
