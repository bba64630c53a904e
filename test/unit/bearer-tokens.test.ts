import { errors } from 'jose';
import {
  createTokenVerifier,
  identityFromClaims,
  optionProblems,
  tokenRefusal,
} from '../../src/api/bearer-tokens';
import type { TokenVerifierOptions } from '../../src/api/bearer-tokens';
import { ThreadgraphError } from '../../src/domain/errors';

/** The code and message of what the call throws. */
function thrown(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (error) {
    if (error instanceof ThreadgraphError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('nothing was thrown');
}

const OPTIONS: TokenVerifierOptions = {
  issuer: 'https://login.plant.example/realms/threadgraph',
  audience: 'urn:threadgraph:api',
  algorithms: ['RS256'],
  clockToleranceSeconds: 30,
  rolesClaim: 'roles',
  sitesClaim: 'sites',
};

describe('the verifier settings', () => {
  it('usable as given', () => {
    expect(optionProblems(OPTIONS)).toEqual([]);
    expect(
      optionProblems({ ...OPTIONS, algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] }),
    ).toEqual([]);
  });

  it('refuses symmetric algorithms and none, and reports every problem at once', () => {
    const problems = optionProblems({
      ...OPTIONS,
      issuer: 'login.plant.example',
      audience: ' ',
      jwksUri: 'file:///etc/keys.json',
      algorithms: ['HS256', 'none'],
      clockToleranceSeconds: -1,
      rolesClaim: '',
      timeoutMs: 0,
    });
    expect(problems).toEqual([
      'the issuer must be an http(s) URL, not "login.plant.example"',
      'the audience must be given',
      'the JWKS URI must be an http(s) URL, not "file:///etc/keys.json"',
      expect.stringMatching(/^algorithm "HS256" is not accepted: only asymmetric/),
      expect.stringMatching(/^algorithm "none" is not accepted: only asymmetric/),
      'the clock tolerance must be a number of seconds of at least 0',
      'the roles claim must be named',
      'the timeout must be a whole number of milliseconds of at least 1',
    ]);
    expect(optionProblems({ ...OPTIONS, algorithms: [] })).toEqual([
      'at least one algorithm must be accepted',
    ]);
  });

  it('a verifier is not made from unusable settings', () => {
    expect(thrown(() => createTokenVerifier({ ...OPTIONS, algorithms: ['HS256'] }))).toEqual({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(
        /^invalid token verification settings:\n {2}- algorithm "HS256"/,
      ),
    });
  });

  it('a malformed token is refused before any provider is asked', async () => {
    // refused before discovery: an issuer that answers nothing would make it UNAVAILABLE
    const verifier = createTokenVerifier({ ...OPTIONS, issuer: 'http://127.0.0.1:9' });
    await expect(verifier.verify('eyJ.only-two-parts')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'malformed token',
    });
  });
});

describe("the identity a token's claims give", () => {
  it('subject, the first name found, the roles it knows, its sites', () => {
    expect(
      identityFromClaims(
        {
          sub: 'u-17',
          preferred_username: 'jdoe',
          email: 'j.doe@plant.example',
          roles: ['viewer', 'engineer', 'superuser'],
          sites: 'PLANT-A PLANT-B',
        },
        'roles',
        'sites',
      ),
    ).toEqual({
      kind: 'user',
      subject: 'u-17',
      name: 'jdoe',
      roles: ['viewer', 'engineer'],
      sites: ['PLANT-A', 'PLANT-B'],
    });
  });

  it('roles come from the roles claim only, not from scope entries', () => {
    expect(
      identityFromClaims(
        { sub: 's', scope: 'threadgraph:admin admin', groups: ['admin'], sites: ['*'] },
        'roles',
        'sites',
      ),
    ).toEqual({ kind: 'user', subject: 's', name: undefined, roles: [], sites: 'all' });
    expect(identityFromClaims({ sub: 's', groups: ['admin'] }, 'groups', 'sites').roles).toEqual([
      'admin',
    ]);
  });

  it('an empty name counts as none; a token without a string subject is refused', () => {
    expect(identityFromClaims({ sub: 's', name: '', email: 'e@x' }, 'roles', 'sites').name).toBe(
      'e@x',
    );
    for (const sub of [undefined, '', 42])
      expect(thrown(() => identityFromClaims({ sub }, 'roles', 'sites'))).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'token has no subject',
      });
  });
});

describe('what a failed verification tells the client', () => {
  const told = (error: unknown) => {
    const refusal = tokenRefusal(error);
    return [refusal.code, refusal.message];
  };
  const claim = (name: string, reason: string) =>
    new errors.JWTClaimValidationFailed('failed', {}, name, reason);

  it('a short reason for each way a token fails', () => {
    expect(told(new errors.JWTExpired('"exp" claim timestamp check failed', {}))).toEqual([
      'UNAUTHENTICATED',
      'token expired',
    ]);
    expect(told(claim('aud', 'check_failed'))).toEqual([
      'UNAUTHENTICATED',
      'token audience not accepted',
    ]);
    expect(told(claim('iss', 'check_failed'))).toEqual([
      'UNAUTHENTICATED',
      'token issuer not accepted',
    ]);
    expect(told(claim('nbf', 'check_failed'))).toEqual(['UNAUTHENTICATED', 'token not yet valid']);
    expect(told(claim('exp', 'missing'))).toEqual(['UNAUTHENTICATED', 'token has no exp claim']);
    expect(told(claim('iat', 'invalid'))).toEqual([
      'UNAUTHENTICATED',
      'token iat claim not accepted',
    ]);
    expect(told(new errors.JWSSignatureVerificationFailed())).toEqual([
      'UNAUTHENTICATED',
      'token signature invalid',
    ]);
    expect(
      told(new errors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed')),
    ).toEqual(['UNAUTHENTICATED', 'token algorithm not accepted']);
    expect(told(new errors.JWKSNoMatchingKey())).toEqual([
      'UNAUTHENTICATED',
      'token signing key not known',
    ]);
    for (const malformed of [
      new errors.JWSInvalid('Invalid Compact JWS'),
      new errors.JWTInvalid('JWT Claims Set must be a top-level JSON object'),
      new errors.JOSENotSupported('Extension Header Parameter "x" is not recognized'),
    ])
      expect(told(malformed)).toEqual(['UNAUTHENTICATED', 'malformed token']);
  });

  it("the keys not fetched is UNAVAILABLE: the provider's fault, not the token's", () => {
    for (const error of [
      new errors.JWKSTimeout(),
      new errors.JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'),
      new errors.JWKSInvalid('JSON Web Key Set malformed'),
      new TypeError('fetch failed'),
    ])
      expect(told(error)).toEqual([
        'UNAVAILABLE',
        "the sign-in provider's keys could not be fetched; try again",
      ]);
  });
});
