// A local OpenID Connect provider for the tests (the `oidc-provider` package), shaped like ProConnect:
// authorisation code + PKCE, `siret` / `given_name` / `usual_name` claims, userinfo answered as a signed JWT.
// Runs in its own process (the package is ESM-only). Usage: node oidc-provider.mjs <port> <redirect_uri>
// The test chooses who signs in next with POST /test/next-account/<id>; the interaction then completes by itself.
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const [portArgument, redirectUri] = process.argv.slice(2);
const port = Number(portArgument);
const issuer = `http://127.0.0.1:${port}`;

const accounts = {
  'agent-bretagne': {
    sub: 'agent-bretagne',
    email: 'Agnes.Breton@ARS.test',
    given_name: 'Agnès',
    usual_name: 'Breton',
    siret: '13000548100010',
  },
  'agent-inconnu': {
    sub: 'agent-inconnu',
    email: 'someone@ailleurs.test',
    given_name: 'Sam',
    usual_name: 'Ailleurs',
    siret: '99999999900019',
  },
};
let nextAccount = 'agent-bretagne';
/** Content types of the userinfo answers, for the test to check that they were signed JWTs. */
const userinfoTypes = [];

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'esms-test',
      client_secret: 'secret-de-test',
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: ['cle-de-test-des-cookies'] },
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'siret'],
  claims: { openid: ['sub'], email: ['email'], given_name: ['given_name'], usual_name: ['usual_name'], siret: ['siret'] },
  features: { devInteractions: { enabled: false }, jwtUserinfo: { enabled: true } },
  pkce: { required: () => true },
  findAccount: (_context, id) => {
    const account = accounts[id];
    return account ? { accountId: id, claims: () => account } : undefined;
  },
  interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
});

provider.use(async (context, next) => {
  const chosen = /^\/test\/next-account\/([\w-]+)$/.exec(context.path);
  if (chosen && context.method === 'POST') {
    nextAccount = chosen[1];
    context.status = 204;
    return;
  }
  if (context.path.startsWith('/interaction/')) {
    const details = await provider.interactionDetails(context.req, context.res);
    const grant = new provider.Grant({ accountId: nextAccount, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(
      context.req,
      context.res,
      { login: { accountId: nextAccount }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    context.respond = false;
    return;
  }
  if (context.path === '/test/userinfo-types') {
    context.body = userinfoTypes;
    return;
  }
  await next();
  if (context.path === '/me') userinfoTypes.push(String(context.type));
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`OIDC prêt sur ${issuer}\n`);
});
