// loadConfig: JWKS authentication (algorithms, http URLs outside production, issuer and audience).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from './load-config.js';
import { assertProblem, HTTPS_JWKS, problemsOf } from './load-config.test-helpers.js';

describe('loadConfig', () => {
  describe('JWKS', () => {
    const ISSUED = {
      SERENYA_JWT_ISSUER: 'https://idp.example.com/',
      SERENYA_JWT_AUDIENCE: 'serenya',
    };

    it('defaults to RS256 and ES256', () => {
      const config = loadConfig({ SERENYA_JWKS_URL: HTTPS_JWKS, ...ISSUED });
      assert.ok(config.auth.kind === 'jwks');
      assert.deepEqual(config.auth.algorithms, ['RS256', 'ES256']);
      assert.equal(config.auth.jwksUrl.href, HTTPS_JWKS);
    });

    it('parses a comma-separated algorithm list, trimming spaces and empty entries', () => {
      const config = loadConfig({
        SERENYA_JWKS_URL: HTTPS_JWKS,
        SERENYA_JWT_ALGORITHMS: ' ES384, EdDSA ,,PS256',
        SERENYA_JWT_ISSUER: 'https://idp.example.com/',
        SERENYA_JWT_AUDIENCE: 'serenya',
      });
      assert.ok(config.auth.kind === 'jwks');
      assert.deepEqual(config.auth.algorithms, ['ES384', 'EdDSA', 'PS256']);
      assert.equal(config.auth.issuer, 'https://idp.example.com/');
      assert.equal(config.auth.audience, 'serenya');
    });

    for (const algorithms of ['HS256', 'none', 'RS256,HS256', 'RS256,none', ',']) {
      it(`rejects SERENYA_JWT_ALGORITHMS=${algorithms}`, () => {
        const problems = problemsOf({
          SERENYA_JWKS_URL: HTTPS_JWKS,
          SERENYA_JWT_ALGORITHMS: algorithms,
        });
        assertProblem(problems, 'SERENYA_JWT_ALGORITHMS');
      });
    }

    it('allows an http JWKS URL outside production', () => {
      const config = loadConfig({ SERENYA_JWKS_URL: 'http://localhost:9999/jwks.json', ...ISSUED });
      assert.equal(config.auth.kind, 'jwks');
    });

    it('requires issuer and audience with a JWKS URL (a key set may serve many tenants)', () => {
      const problems = problemsOf({ SERENYA_JWKS_URL: HTTPS_JWKS });
      assertProblem(problems, 'SERENYA_JWT_ISSUER', /required/);
      assertProblem(problems, 'SERENYA_JWT_AUDIENCE', /required/);
      assertProblem(
        problemsOf({ SERENYA_JWKS_URL: HTTPS_JWKS, SERENYA_JWT_ISSUER: 'x' }),
        'SERENYA_JWT_AUDIENCE',
      );
    });
  });
});
