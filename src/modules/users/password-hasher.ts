import { type Algorithm, hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id: a const enum, which isolated modules cannot read from a declaration file.
const ARGON2ID = 2 as Algorithm;

/** OWASP's minimum argon2id parameters: 19 MiB of memory, 2 iterations, 1 degree of parallelism. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

// Verified against when the account does not exist, so an unknown email costs the same time.
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(
  stored: string | undefined,
  password: string,
): Promise<boolean> {
  const target = stored ?? (await (dummyHash ??= hash('candor-timing-equaliser', OPTIONS)));
  try {
    return (await verify(target, password)) && stored !== undefined;
  } catch {
    return false;
  }
}
