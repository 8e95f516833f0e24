/** A configuration problem, reported as one line at start-up. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}
