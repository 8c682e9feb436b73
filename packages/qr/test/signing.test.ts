import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { bytesToHex } from '@healthtrace/core';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, QR_SIGNATURE_DOMAIN, signBody } from '../src/envelope/signing';

const key32 = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe('Ed25519 signing (node:crypto on Node, @noble elsewhere)', () => {
  it('gives exactly the signature and public key of @noble/curves, which OpenSSL verifies (property)', () => {
    fc.assert(
      fc.property(key32, fc.uint8Array({ maxLength: 300 }), (secret, body) => {
        const signature = signBody(body, secret);
        const message = new Uint8Array([...QR_SIGNATURE_DOMAIN, ...body]);
        expect(bytesToHex(signature)).toBe(bytesToHex(ed25519.sign(message, secret)));
        const publicKey = ed25519PublicKey(secret);
        expect(bytesToHex(publicKey)).toBe(bytesToHex(ed25519.getPublicKey(secret)));
        const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') };
        expect(nodeVerify(null, message, createPublicKey({ key: jwk, format: 'jwk' }), signature)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('follows a key array the caller rewrites in place, and hands out copies of the public key', () => {
    const secret = new Uint8Array(32).fill(1);
    const first = ed25519PublicKey(secret);
    first.fill(0);
    expect(bytesToHex(ed25519PublicKey(secret))).toBe(bytesToHex(ed25519.getPublicKey(new Uint8Array(32).fill(1))));
    secret.fill(2);
    expect(bytesToHex(ed25519PublicKey(secret))).toBe(bytesToHex(ed25519.getPublicKey(new Uint8Array(32).fill(2))));
    const body = new Uint8Array([1, 2, 3]);
    expect(bytesToHex(signBody(body, secret))).toBe(
      bytesToHex(ed25519.sign(new Uint8Array([...QR_SIGNATURE_DOMAIN, ...body]), new Uint8Array(32).fill(2))),
    );
    expect(() => signBody(body, new Uint8Array(31))).toThrow(RangeError);
  });
});
