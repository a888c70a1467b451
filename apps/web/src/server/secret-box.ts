import { createSecretBox, DEV_ENCRYPTION_KEY, type SecretBox } from '@switchboard/db';
import { getEnv } from '../env';

let box: SecretBox | undefined;

/** The dashboard's secret box (ENCRYPTION_KEY, the development key when unset outside production), made once. */
export function getSecretBox(): SecretBox {
  box ??= createSecretBox(getEnv().ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY);
  return box;
}
