/** A setting that cannot be used; the CLI prints `message` and exits with code 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
