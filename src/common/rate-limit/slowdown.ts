/**
 * An exponential slowdown rather than a lockout: the first `freeAttempts` attempts in a window
 * wait for nothing; from then on the Nth attempt makes the next one wait 2^(N - freeAttempts)
 * seconds, never more than `maxDelaySeconds`. A counter that starts again when its window has
 * ended; a success clears it where it proves the earlier attempts were the owner's.
 */
export interface SlowdownPolicy {
  freeAttempts: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

/** How long the attempt after the `attempts`th must wait, in whole seconds (0: at once). */
export function slowdownDelaySeconds(attempts: number, policy: SlowdownPolicy): number {
  if (attempts < policy.freeAttempts) return 0;
  // Capped before exponentiation would overflow into Infinity.
  const exponent = Math.min(attempts - policy.freeAttempts, 30);
  return Math.min(2 ** exponent, policy.maxDelaySeconds);
}
