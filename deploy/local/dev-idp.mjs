#!/usr/bin/env node
// A development identity provider for the local cluster in jwt mode (AUTH_MODE=jwt
// deploy/local/cluster.sh up): it signs RS256 JWTs for any user who asks, with a key made at start,
// and serves the public half as a JWK set for the web nodes. It checks no password: never run it
// anywhere but a laptop. No dependencies beyond Node's own.
//
//   node deploy/local/dev-idp.mjs --port=8090 [--audience=backchannel] [--ttl=300]
//
//   GET  /jwks                                 the JWK set (the nodes' jwk-set-uri)
//   GET  /token?user=alice[&scope=a%20b]       {access_token, token_type, expires_in}: a token for that user
//   GET  /config                               {issuer, audience}: what the page needs to know
import { createServer } from 'node:http';
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';

const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const [name, ...value] = arg.replace(/^--/, '').split('=');
    return [name, value.join('=')];
  }),
);
const port = Number(args.port ?? 8090);
const audience = args.audience ?? 'backchannel';
const ttl = Number(args.ttl ?? 300);
const issuer = args.issuer ?? `http://127.0.0.1:${port}`;
const USER = /^[A-Za-z0-9._@-]{1,64}$/;
const SCOPE = /^[A-Za-z0-9._:-]{1,64}( [A-Za-z0-9._:-]{1,64}){0,9}$/;

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = `dev-${randomUUID().slice(0, 8)}`;
const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });

function base64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** An RS256 JWT for the user, valid for ttl seconds. */
function sign(claims) {
  const body = `${base64url({ alg: 'RS256', typ: 'JWT', kid })}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url');
  return `${body}.${signature}`;
}

function answer(response, status, body) {
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    // The demo page may live on another origin than this provider.
    'Access-Control-Allow-Origin': '*',
  });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const server = createServer((request, response) => {
  const url = new URL(request.url, issuer);
  if (request.method !== 'GET') {
    return answer(response, 405, { error: 'only GET' });
  }
  switch (url.pathname) {
    case '/jwks':
      return answer(response, 200, jwks);
    case '/config':
      return answer(response, 200, { issuer, audience });
    case '/token': {
      const user = url.searchParams.get('user') ?? '';
      const scope = url.searchParams.get('scope');
      if (!USER.test(user)) {
        return answer(response, 400, { error: 'user must be 1 to 64 of A-Z a-z 0-9 . _ @ -' });
      }
      if (scope !== null && !SCOPE.test(scope)) {
        return answer(response, 400, { error: 'scope must be up to ten space-separated names' });
      }
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, aud: audience, sub: user, iat: now, exp: now + ttl, jti: randomUUID() };
      if (scope) {
        claims.scope = scope;
      }
      return answer(response, 200, { access_token: sign(claims), token_type: 'Bearer', expires_in: ttl });
    }
    default:
      return answer(response, 404, { error: 'not found' });
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`dev identity provider on http://127.0.0.1:${port} (issuer ${issuer}, audience ${audience}, tokens ${ttl} s)`);
  console.log('DEVELOPMENT ONLY: it signs a token for anyone who asks.');
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
