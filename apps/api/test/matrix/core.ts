import { adminOnly, everyone, MatrixFile, signedIn } from '../support/matrix';

/** Platform, sign-in, reference data, users. */
export const matrix: MatrixFile = {
  prepare: async (_app, admin) => {
    const list = await admin.get('/api/users?q=analyste').expect(200);
    const analyst = (list.body as { items: { id: string; email: string }[] }).items.find((user) => user.email === 'analyste@cnsa.demo');
    return { analyst: analyst!.id };
  },
  entries: {
    'GET /api/health': { path: () => '/api/health', expect: everyone(200) },
    'GET /api/health/ready': { path: () => '/api/health/ready', expect: everyone(200) },
    'GET /api/auth/providers': { path: () => '/api/auth/providers', expect: everyone(200) },
    'POST /api/auth/login': {
      path: () => '/api/auth/login',
      body: ({ actor, run }) => ({ email: `inconnu.${actor.toLowerCase()}.${run}@matrice.test`, password: 'Mauvais-mot-2025!' }),
      expect: everyone(401),
    },
    'POST /api/auth/logout': { path: () => '/api/auth/logout', expect: everyone(204), fresh: true },
    'GET /api/auth/me': { path: () => '/api/auth/me', expect: signedIn(200) },
    'GET /api/auth/oidc/login': { path: () => '/api/auth/oidc/login', expect: everyone(404) },
    'GET /api/auth/oidc/callback': { path: () => '/api/auth/oidc/callback?code=x&state=y', expect: everyone(404) },
    'GET /api/regions': { path: () => '/api/regions', expect: signedIn(200) },
    'GET /api/regions/:code': { path: ({ region }) => `/api/regions/${region}`, expect: signedIn(200), regional: true },
    'GET /api/grades': { path: () => '/api/grades', expect: signedIn(200) },
    'GET /api/essms-categories': { path: () => '/api/essms-categories', expect: signedIn(200) },
    'GET /api/users': { path: () => '/api/users', expect: adminOnly(200) },
    'GET /api/users/:id': { path: ({ ids }) => `/api/users/${ids['analyst']}`, expect: adminOnly(200) },
    'POST /api/users': {
      path: () => '/api/users',
      body: ({ actor, run }) => ({ email: `cree.${actor.toLowerCase()}.${run}@cnsa.test`, displayName: 'Compte matrice', role: 'CNSA_ANALYST' }),
      expect: adminOnly(201),
    },
    'PATCH /api/users/:id': {
      path: ({ ids }) => `/api/users/${ids['analyst']}`,
      body: () => ({ version: 999, displayName: 'Jamais appliqué' }),
      expect: adminOnly(409),
    },
    'GET /api/oidc-organisations': { path: () => '/api/oidc-organisations', expect: adminOnly(200) },
    'POST /api/oidc-organisations': {
      path: () => '/api/oidc-organisations',
      body: ({ run, actor }) => ({
        siret: `${run}${String(actor.length).padStart(2, '0')}${actor.charCodeAt(0) % 10}${actor.charCodeAt(actor.length - 1) % 10}`.slice(0, 14).padEnd(14, '0'),
        label: 'Organisation matrice',
        defaultRole: 'CNSA_ANALYST',
      }),
      expect: adminOnly(201),
    },
    'DELETE /api/oidc-organisations/:id': { path: () => '/api/oidc-organisations/999999', expect: adminOnly(404) },
    'GET /api/audit': { path: () => '/api/audit', expect: (actor) => (actor === 'ANONYME' ? 401 : ['AUDITOR', 'CNSA_ADMIN'].includes(actor) ? 200 : 403) },
    'GET /api/audit/verify': {
      path: () => '/api/audit/verify',
      expect: (actor) => (actor === 'ANONYME' ? 401 : ['AUDITOR', 'CNSA_ADMIN'].includes(actor) ? 200 : 403),
    },
  },
};
