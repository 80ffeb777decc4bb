import type { CurrentUserResponse } from '@esms/api-contract';
import { organisationKindOfRole } from '@esms/domain';

/** The sign-in page; a return address pointing to it would loop. */
export const LOGIN_PATH = '/connexion';

/**
 * Where a user lands after sign-in (and on `/`). The one place that decides it.
 * CNSA roles see the whole programme: the national dashboard. ARS and GRADeS users land on the dashboard of
 * their region (`user.homeRegionCode`); without one (not expected), on the national dashboard.
 */
export function homeFor(user: CurrentUserResponse): string {
  switch (organisationKindOfRole(user.role)) {
    case 'CNSA':
      return '/tableau-de-bord';
    case 'ARS':
    case 'GRADES':
      return user.homeRegionCode
        ? `/tableau-de-bord/regions/${encodeURIComponent(user.homeRegionCode)}`
        : '/tableau-de-bord';
  }
}

function hasControlCharacter(value: string): boolean {
  return Array.from(value).some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

/**
 * A `retour` address is followed only when it is a path of this site: it starts with one `/`, holds no
 * backslash, white space or control character (browsers turn `/\t/x` into `//x`, another site), and is not
 * the sign-in page itself. Anything else gives null: the caller then uses `homeFor(user)`.
 */
export function safeReturnUrl(value: string | null | undefined): string | null {
  if (!value || value.length > 500 || !value.startsWith('/')) return null;
  if (value.startsWith('//') || value.includes('\\') || /\s/u.test(value) || hasControlCharacter(value))
    return null;
  const path = value.split(/[?#]/, 1)[0] ?? value;
  if (path === LOGIN_PATH || path.startsWith(`${LOGIN_PATH}/`)) return null;
  return value;
}
