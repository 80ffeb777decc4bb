import type { Role } from '@esms/domain';
import { SetMetadata } from '@nestjs/common';

/**
 * Every route declares who may call it. The global {@link AuthGuard} refuses a route that declares nothing
 * (default deny), and the authorisation matrix test fails on it.
 */
export type Policy = { kind: 'public' } | { kind: 'authenticated' } | { kind: 'roles'; roles: readonly Role[] };

export const POLICY_KEY = 'esms:policy';

/** Anyone, signed in or not (health, sign-in, documentation). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(POLICY_KEY, { kind: 'public' } satisfies Policy);

/** Any signed-in user; the data returned is still scoped to the user in the query. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  SetMetadata(POLICY_KEY, { kind: 'authenticated' } satisfies Policy);

/** Signed-in users with one of these roles. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(POLICY_KEY, { kind: 'roles', roles } satisfies Policy);
