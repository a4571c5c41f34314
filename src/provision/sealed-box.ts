// libsodium's sealed box (crypto_box_seal), which GitHub requires for Actions secrets: an
// ephemeral X25519 key pair, nonce = BLAKE2b-192(ephemeral pk ‖ recipient pk), then
// crypto_box (XSalsa20-Poly1305); the output is ephemeral pk ‖ box. Built on tweetnacl (audited,
// no dependencies, ~30 kB) and blakejs instead of libsodium-wrappers (~1 MB of wasm-in-JS) to keep
// the bundle lean; test/github-secrets.test.ts opens it with libsodium itself.
import { blake2b } from 'blakejs';
import nacl from 'tweetnacl';

export function sealedBox(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  const ephemeral = nacl.box.keyPair();
  const nonceInput = new Uint8Array(64);
  nonceInput.set(ephemeral.publicKey, 0);
  nonceInput.set(recipientPublicKey, 32);
  const nonce = blake2b(nonceInput, undefined, nacl.box.nonceLength);
  const boxed = nacl.box(message, nonce, recipientPublicKey, ephemeral.secretKey);
  const out = new Uint8Array(32 + boxed.length);
  out.set(ephemeral.publicKey, 0);
  out.set(boxed, 32);
  return out;
}
