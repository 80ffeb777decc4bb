import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One pending ProConnect sign-in: state, nonce and PKCE verifier, used once and expiring after ten minutes. */
@Entity({ name: 'oidc_login_state' })
export class OidcLoginStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  state: string;

  @Column({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ type: 'varchar', length: 128 })
  codeVerifier: string;

  @Column({ type: 'varchar', length: 500 })
  returnTo: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
