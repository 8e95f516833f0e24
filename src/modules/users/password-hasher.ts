import * as argon2 from 'argon2';

/** OWASP's minimum argon2id parameters: 19 MiB of memory, 2 iterations, 1 degree of parallelism. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

// Verified against when the account does not exist, so an unknown email costs the same time.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  const target = hash ?? (await (dummyHash ??= argon2.hash('candor-timing-equaliser', OPTIONS)));
  try {
    return (await argon2.verify(target, password)) && hash !== undefined;
  } catch {
    return false;
  }
}
