// A real OpenID provider for the tests: oidc-provider (a certified implementation), on
// loopback, on a free port. Started by tests/oidc/conftest.py; it prints "listening <port>".
//
//   USERS_FILE          JSON {accountId: {email, email_verified, name, roles, ...}}, read at
//                       every sign-in, so a test can change a user's roles between two
//   REGISTRATION_TOKEN  the initial access token with which tests register their clients
//                       (dynamic client registration), whatever address the app is served on
//   CLOCK_SKEW_SECONDS  a provider whose clock is wrong: its tokens are already expired
import http from 'node:http';
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const skew = Number(process.env.CLOCK_SKEW_SECONDS || 0);
if (skew) {
  const realNow = Date.now;
  Date.now = () => realNow() + skew * 1000;
}

function users() {
  return JSON.parse(readFileSync(process.env.USERS_FILE, 'utf8'));
}

const configuration = {
  clients: [],
  async findAccount(ctx, id) {
    const user = users()[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...user }) };
  },
  // Released with the openid scope, as Entra ID releases app roles in the ID token.
  claims: {
    openid: ['sub', 'roles'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // The claims go in the ID token as well as userinfo, as Entra ID puts them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key-not-a-secret'] },
  // The sign-in page's cookie expires by the provider's clock: a slow clock must not make the
  // browser drop it (a ten-hour life outlasts any skew the tests use).
  ttl: { Interaction: 36000 },
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true, initialAccessToken: process.env.REGISTRATION_TOKEN },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html lang="en"><head><title>Sign out of the test provider</title></head>
<body><h1>Sign out of the test provider?</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button></body></html>`;
      },
    },
  },
  // The app is first-party: no consent page, as a council's own tenant grants it for everyone.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['roles']);
    await grant.save();
    return grant;
  },
};

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const provider = new Provider(`http://127.0.0.1:${port}`, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`listening ${port}\n`);
});
// The test run ends this process; it must also end if the run dies without saying so.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
