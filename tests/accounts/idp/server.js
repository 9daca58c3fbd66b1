// A real OpenID Provider (the certified npm package oidc-provider) on loopback, for the
// tracker's sign-in tests. Started by tests/accounts/oidc_idp.py; configured by environment:
//   PORT            the port to listen on (127.0.0.1)
//   ISSUER          the issuer identifier (default http://127.0.0.1:PORT)
//   USERS_FILE      a JSON file {login: {claims}}, read at every sign-in (tests change it)
//   REDIRECT_URIS   the app's redirect URIs, comma-separated
//   POST_LOGOUT_URIS  where the provider may send the browser after signing out
//   CLIENT_SECRET   the secret of every client
//
// The client "tracker" is an honest client. For the refusals the real provider cannot be made
// to produce, four more clients get their ID token altered after the provider made it, at the
// token endpoint (the app exchanges a real code, with PKCE, as always):
//   tracker-forged-signature  the same claims signed with a key that is not the provider's
//   tracker-wrong-issuer      another "iss", signed with the provider's own key
//   tracker-wrong-audience    another "aud", signed with the provider's own key
//   tracker-expired           "exp" half an hour ago, signed with the provider's own key
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { parse } from 'node:querystring';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = process.env.ISSUER || `http://127.0.0.1:${port}`;
const users = () => JSON.parse(readFileSync(process.env.USERS_FILE, 'utf8'));
const list = (value) => (value || '').split(',').filter(Boolean);

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signing = { ...(await jose.exportJWK(privateKey)), kid: 'idp-signing', alg: 'RS256', use: 'sig' };
const foreign = (await jose.generateKeyPair('RS256')).privateKey; // never published

const TAMPERED = {
  'tracker-forged-signature': (claims) => ({ claims, key: foreign }),
  'tracker-wrong-issuer': (claims) => ({ claims: { ...claims, iss: 'https://falsk-utfardare.example' }, key: privateKey }),
  'tracker-wrong-audience': (claims) => ({ claims: { ...claims, aud: 'en-annan-tjanst' }, key: privateKey }),
  'tracker-expired': (claims) => {
    const now = Math.floor(Date.now() / 1000);
    return { claims: { ...claims, iat: now - 3600, exp: now - 1800 }, key: privateKey };
  },
};

const provider = new Provider(issuer, {
  clients: ['tracker', ...Object.keys(TAMPERED)].map((clientId) => ({
    client_id: clientId,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: list(process.env.REDIRECT_URIS),
    post_logout_redirect_uris: list(process.env.POST_LOGOUT_URIS),
    response_types: ['code'],
    grant_types: ['authorization_code'],
  })),
  jwks: { keys: [signing] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'], groups: ['groups'] },
  features: {
    devInteractions: { enabled: false },
    // Plain pages: the built-in ones load a web font from the internet, closed here.
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign out</title></head>
<body><main><h1>Sign out from the test identity provider?</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
</main></body></html>`;
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head><body><main><h1>Signed out</h1></main></body></html>';
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['bara-for-tester'] },
  async findAccount(ctx, id) {
    const user = users()[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  // A first-party client: no consent page, every scope asked for is granted.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
});

provider.use(async (ctx, next) => {
  await next();
  const alter = TAMPERED[ctx.oidc?.client?.clientId];
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token && alter) {
    const { claims, key } = alter(jose.decodeJwt(ctx.body.id_token));
    ctx.body.id_token = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
      .sign(key);
  }
});

const page = (uid) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test IdP</title></head>
<body><main><h1>Test identity provider</h1>
<form method="post" action="/interaction/${uid}">
<label for="login">Username</label> <input id="login" name="login" required>
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></main></body></html>`;

const callback = provider.callback();
http.createServer(async (req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(req.url.split('?')[0]);
  if (!match) return callback(req, res);
  try {
    await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(match[1]));
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const { login } = parse(body);
    const result = users()[login]
      ? { login: { accountId: login } }
      : { error: 'access_denied', error_description: 'unknown user' };
    return await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    return res.end(String(error));
  }
}).listen(port, '127.0.0.1');
