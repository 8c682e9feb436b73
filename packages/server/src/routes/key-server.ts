import type { Context } from 'hono';
import { requireHealthAuthority } from '../http/auth';
import type { AppEnv, RouteRegistration } from '../http/context';
import { readJsonObject } from '../http/json-body';
import { HttpProblem } from '../http/problem';
import { publishExposureKeys } from '../key-server/publish';
import { exportSigningPublicKeys } from '../key-server/signing-key';
import { issueCertificate, issueVerificationCode, parseVerificationCodeInput, verifyVerificationCode } from '../key-server/verification';

/** The client address (socket of @hono/node-server), else `unknown` (in-process requests). */
function clientIp(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

function onlyMembers(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(body)) if (!allowed.includes(k)) throw new HttpProblem(400, 'bad-request', `Unknown member ${k}`);
}

/**
 * Verification and publishing (GAEN key server): `POST /v1/verification/codes` (health
 * authority), `POST /v1/verification/verify`, `POST /v1/verification/certificate`,
 * `POST /v1/exposure-keys`.
 */
export const registerKeyServerRoutes: RouteRegistration = (app, deps) => {
  // Loads (or, in development, generates) the keys now, so a bad key file fails the start.
  exportSigningPublicKeys(deps);
  app.post('/v1/verification/codes', async (c) => {
    requireHealthAuthority(c);
    const input = parseVerificationCodeInput(await readJsonObject(c), deps.now());
    return c.json(await issueVerificationCode(deps, input), 201, { 'Cache-Control': 'no-store' });
  });
  app.post('/v1/verification/verify', async (c) => {
    const body = await readJsonObject(c);
    onlyMembers(body, ['code', 'padding']);
    if (typeof body.code !== 'string' || body.code.length < 6 || body.code.length > 16)
      throw new HttpProblem(400, 'bad-request', 'code must be a string of 6–16 characters');
    return c.json(await verifyVerificationCode(deps, body.code, clientIp(c)), 200, { 'Cache-Control': 'no-store' });
  });
  app.post('/v1/verification/certificate', async (c) => {
    const body = await readJsonObject(c);
    onlyMembers(body, ['token', 'ekeyhmac', 'padding']);
    if (typeof body.token !== 'string' || typeof body.ekeyhmac !== 'string')
      throw new HttpProblem(400, 'bad-request', 'token and ekeyhmac must be strings');
    return c.json(await issueCertificate(deps, body.token, body.ekeyhmac), 200, { 'Cache-Control': 'no-store' });
  });
  app.post('/v1/exposure-keys', async (c) => {
    const body = await readJsonObject(c);
    return c.json(await publishExposureKeys(deps, body), 200, { 'Cache-Control': 'no-store' });
  });
};
