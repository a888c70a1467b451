/**
 * The keyring used when ENCRYPTION_KEY is unset outside production. It is
 * public (it is in this file), so anything encrypted with it is not secret;
 * it only lets a fresh checkout run without configuration. Apps should fall
 * back to the same value in development so they can read what the seed wrote.
 */
export const DEV_ENCRYPTION_KEY = 'dev-insecure:iVDhs7EvCrDVPROnEKfL+2US2NAajqu62s84ugppzq8=';
