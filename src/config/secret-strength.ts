/**
 * Words people put in a secret "for now". A secret made of one of them (repeated, in any case,
 * with or without separators) is refused in production whatever its length.
 */
const OBVIOUS_WORDS = [
  'changeme',
  'change',
  'secret',
  'password',
  'passwd',
  'candor',
  'default',
  'example',
  'test',
  'admin',
  'letmein',
  'qwerty',
  'token',
  'session',
  'abc',
  'xyz',
];

/** 32 bytes: what `openssl rand -base64 32` or `openssl rand -hex 32` prints. */
const REQUIRED_BITS = 256;

/**
 * Why a production secret does not look like 32 random bytes, or null. Not a proof of randomness
 * (nothing can be), but it refuses what people really type: a repeated character or pattern, a
 * word from the list above, or text too short for its alphabet (64 hex digits, 43 base64
 * characters, or as many more as a smaller alphabet needs).
 */
export function secretWeakness(secret: string): string | null {
  const letters = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (isObviousWord(letters)) return 'is an obvious placeholder value';
  if (repeatsPattern(secret)) return 'repeats a short pattern';
  if (new Set(secret).size < 10) return 'uses fewer than 10 distinct characters';
  const bits = secret.length * Math.log2(alphabetSize(secret));
  if (bits < REQUIRED_BITS) {
    return `carries about ${Math.floor(bits / 8)} bytes of randomness, fewer than 32`;
  }
  return null;
}

/** The word, repeated (a trailing partial repeat too). */
function isObviousWord(letters: string): boolean {
  if (letters === '') return true;
  return OBVIOUS_WORDS.some(
    (word) =>
      letters.startsWith(word) &&
      word.repeat(Math.ceil(letters.length / word.length)).startsWith(letters),
  );
}

/** `abcdabcdabcd…`: the whole secret is a shorter unit repeated. */
function repeatsPattern(secret: string): boolean {
  for (let period = 1; period <= secret.length / 2; period++) {
    if (secret.slice(period) === secret.slice(0, secret.length - period)) return true;
  }
  return false;
}

/**
 * The alphabet the secret is written in, judged by the kinds of character it uses: hex digits
 * (16), or the sum of lower case (26), upper case (26), digits (10) and symbols (32).
 */
function alphabetSize(secret: string): number {
  if (/^[0-9a-f]+$/.test(secret) || /^[0-9A-F]+$/.test(secret)) return 16;
  return (
    (/[a-z]/.test(secret) ? 26 : 0) +
    (/[A-Z]/.test(secret) ? 26 : 0) +
    (/[0-9]/.test(secret) ? 10 : 0) +
    (/[^A-Za-z0-9]/.test(secret) ? 32 : 0)
  );
}
