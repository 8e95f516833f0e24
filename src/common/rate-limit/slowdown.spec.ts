import { slowdownDelaySeconds, type SlowdownPolicy } from './slowdown';

describe('slowdownDelaySeconds', () => {
  const policy: SlowdownPolicy = { freeAttempts: 5, maxDelaySeconds: 300, windowSeconds: 900 };

  it('lets the first attempts through at once', () => {
    for (const attempts of [0, 1, 2, 3, 4]) expect(slowdownDelaySeconds(attempts, policy)).toBe(0);
  });

  it('doubles the wait with every attempt after them', () => {
    expect([5, 6, 7, 8, 12].map((n) => slowdownDelaySeconds(n, policy))).toEqual([1, 2, 4, 8, 128]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(slowdownDelaySeconds(14, policy)).toBe(300);
    expect(slowdownDelaySeconds(10_000, policy)).toBe(300);
  });
});
