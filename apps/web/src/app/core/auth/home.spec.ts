import { ARS_OFFICER, CNSA_ADMIN, CNSA_ANALYST, GRADES_MEMBER } from './testing/auth-fixtures';
import { homeFor, safeReturnUrl } from './home';

describe('homeFor', () => {
  it.each([
    ['a CNSA administrator', CNSA_ADMIN],
    ['a CNSA analyst', CNSA_ANALYST],
    ['an auditor', { ...CNSA_ANALYST, role: 'AUDITOR' as const }],
  ])('sends %s to the national dashboard', (_who, user) => {
    expect(homeFor(user)).toBe('/tableau-de-bord');
  });

  it.each([
    ['an ARS officer of Bretagne', ARS_OFFICER, '/tableau-de-bord/regions/53'],
    ['a GRADeS member of La Réunion', GRADES_MEMBER, '/tableau-de-bord/regions/04'],
  ])('sends %s to the dashboard of their region', (_who, user, home) => {
    expect(homeFor(user)).toBe(home);
  });

  it('sends a regional user without a home region to the national dashboard', () => {
    expect(homeFor({ ...ARS_OFFICER, homeRegionCode: null })).toBe('/tableau-de-bord');
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
