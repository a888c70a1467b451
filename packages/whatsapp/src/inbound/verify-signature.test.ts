import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeUnicode } from './escape-unicode';
import { signPayload, verifySignature } from './verify-signature';

const secret = 'test_app_secret';
const emptyEntries = '{"object":"whatsapp_business_account","entry":[]}';
const golden3Body =
  '{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}';
const escapedBody = '{"text":"\\u00e4\\u00f6\\u00e5"}';
const decodedBody = '{"text":"äöå"}';
const metaSignatureForUnicode = 'sha256=02331cadf5416e9e5dc4ecf73b5c9b7aa6577a90b90fbb6bad6e9a35d8a8f6a9';

describe('signPayload', () => {
  it('golden case 1: plain HMAC-SHA256 hex', () => {
    expect(signPayload('test', 'secret')).toBe('sha256=0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914');
  });

  it('golden case 2 and 3: signs like Meta', () => {
    expect(signPayload(emptyEntries, secret)).toBe('sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756');
    expect(signPayload(Buffer.from(golden3Body), secret)).toBe(
      'sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42',
    );
  });

  it('golden case 4: signing the escaped form gives the Meta signature', () => {
    expect(escapedBody).toHaveLength(29);
    expect(signPayload(escapeUnicode(decodedBody), secret)).toBe(metaSignatureForUnicode);
    expect(signPayload(decodedBody, secret)).toBe('sha256=1156bb8871b0fb6c41be587675ee25663758799081f9aa28d1ecccad94158e9d');
  });
});

describe('verifySignature', () => {
  it('accepts golden cases 2 and 3 as string, Buffer and Uint8Array', () => {
    const header2 = 'sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756';
    expect(verifySignature(emptyEntries, header2, secret)).toBe(true);
    expect(verifySignature(Buffer.from(emptyEntries), header2, secret)).toBe(true);
    expect(verifySignature(new TextEncoder().encode(emptyEntries), header2, secret)).toBe(true);
    const header3 = 'sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42';
    expect(verifySignature(Buffer.from(golden3Body), header3, secret)).toBe(true);
  });

  it('golden case 4: accepts the Meta signature for both the escaped and the UTF-8 bytes', () => {
    expect(verifySignature(Buffer.from(escapedBody), metaSignatureForUnicode, secret)).toBe(true);
    expect(verifySignature(Buffer.from(decodedBody, 'utf8'), metaSignatureForUnicode, secret)).toBe(true);
  });

  it('rejects a wrong secret and a tampered body; accepts uppercase hex', () => {
    const header = signPayload(golden3Body, secret);
    expect(verifySignature(golden3Body, header, 'other_secret')).toBe(false);
    expect(verifySignature(golden3Body.replace('color', 'colour'), header, secret)).toBe(false);
    expect(verifySignature(golden3Body, header.toUpperCase().replace('SHA256=', 'sha256='), secret)).toBe(true);
  });

  it('never throws on malformed headers', () => {
    const hex = createHmac('sha256', secret).update(emptyEntries).digest('hex');
    for (const header of [undefined, null, '', 'sha256=', 'sha256=zz', `sha1=${hex}`, hex, `sha256=${hex}00`, `sha256=${hex.slice(2)}`, 'sha256=é']) {
      expect(verifySignature(emptyEntries, header, secret)).toBe(false);
    }
    expect(verifySignature(emptyEntries, `sha256=${hex}`, secret)).toBe(true);
    expect(verifySignature(emptyEntries, `  sha256=${hex} `, secret)).toBe(true);
  });

  it('rejects an empty secret and accepts any of several secrets during rotation', () => {
    const header = signPayload(emptyEntries, '');
    expect(verifySignature(emptyEntries, header, '')).toBe(false);
    expect(verifySignature(emptyEntries, signPayload(emptyEntries, 'new'), ['old', 'new'])).toBe(true);
    expect(verifySignature(emptyEntries, signPayload(emptyEntries, 'new'), [])).toBe(false);
  });
});

describe('escapeUnicode', () => {
  it('escapes non-ASCII as lowercase UTF-16 code units and leaves ASCII alone', () => {
    expect(escapeUnicode('äöå')).toBe('\\u00e4\\u00f6\\u00e5');
    expect(escapeUnicode('😀')).toBe('\\ud83d\\ude00');
    expect(escapeUnicode('plain ~ text')).toBe('plain ~ text');
    expect(escapeUnicode('\u007f')).toBe('\\u007f');
  });
});
