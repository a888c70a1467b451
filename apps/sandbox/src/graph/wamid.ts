import { randomBytes } from 'node:crypto';

/**
 * A message id shaped like Meta's: `wamid.` + base64 of a small protobuf-like record holding the
 * user's number and a random hex id (outgoing ids carry an 18-char id, incoming ones 20).
 */
export function newWamid(userWaId: string, direction: 'out' | 'in'): string {
  const hexLength = direction === 'out' ? 18 : 20;
  const id = randomBytes(hexLength / 2).toString('hex').toUpperCase();
  const phone = Buffer.from(userWaId, 'ascii');
  const bytes = Buffer.concat([
    Buffer.from([0x1c, 0x18, phone.length]),
    phone,
    Buffer.from([0x15, 0x02, 0x00, direction === 'out' ? 0x11 : 0x12, 0x18, hexLength]),
    Buffer.from(id, 'ascii'),
    Buffer.from([0x00]),
  ]);
  return `wamid.${bytes.toString('base64')}`;
}
