import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST, GRADES_MEMBER } from './testing/auth-fixtures';
import { homeFor, safeReturnUrl } from './home';

describe('homeFor', () => {
  it.each([
    ['a CNSA administrator', CNSA_ADMIN],
    ['a CNSA analyst', CNSA_ANALYST],
    ['an auditor', { ...CNSA_ANALYST, role: 'AUDITOR' as const }],
    ['an ARS officer (until the regional dashboard exists)', ARS_OFFICER],
    ['a GRADeS member (until the regional dashboard exists)', GRADES_MEMBER],
  ])('sends %s to the référentiel', (_who, user) => {
    expect(homeFor(user)).toBe('/referentiel');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    '/referentiel',
    '/referentiel?onglet=campagnes',
    '/administration/utilisateurs?q=martin#haut',
    '/',
  ])('keeps the path of this site %s', (url) => {
    expect(safeReturnUrl(url)).toBe(url);
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['another site', 'https://exemple.fr/referentiel'],
    ['a protocol-relative address', '//exemple.fr'],
    ['a backslash trick', '/\\exemple.fr'],
    ['a tab that browsers drop', '/\t/exemple.fr'],
    ['a new line', '/referentiel\n'],
    ['a control character', '/referentiel\u0000'],
    ['a script', 'javascript:alert(1)'],
    ['a relative path', 'referentiel'],
    ['the sign-in page itself', '/connexion?retour=/referentiel'],
    ['a very long address', `/${'a'.repeat(600)}`],
  ])('refuses %s', (_case, url) => {
    expect(safeReturnUrl(url)).toBeNull();
  });
});
