import { createHash } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createRemoteJWKSet, JWTPayload, jwtVerify } from 'jose';
import { DataSource } from 'typeorm';

import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig, OidcSettings } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { newToken } from './session.service';

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
}

/** Why a ProConnect sign-in was refused; the web app shows the French explanation of each code. */
export type OidcRefusal =
  | 'organisation-inconnue'
  | 'compte-desactive'
  | 'session-expiree'
  | 'fournisseur-refus'
  | 'fournisseur-indisponible'
  | 'reponse-invalide';

export type OidcOutcome = { kind: 'signed-in'; userId: string; returnTo: string } | { kind: 'refused'; code: OidcRefusal };

const STATE_TTL_MINUTES = 10;

/** Only a path of this site may follow sign-in (no open redirect). */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || value.length > 500) return '/';
  return value;
}

/**
 * ProConnect-compatible OpenID Connect: authorisation-code flow with state, nonce and PKCE; the ID token and a
 * userinfo answered as a signed JWT (as ProConnect does) are both verified against the provider's keys. The
 * organisation is found from the SIRET claim in `oidc_organisation`; an unknown one is refused and no account is
 * created. A known organisation's agent gets an account with the organisation's default role on first sign-in.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('ProConnect');
  private metadataPromise?: Promise<ProviderMetadata>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.config.oidc !== undefined;
  }

  async authorizationUrl(returnTo: string | undefined): Promise<string> {
    const settings = this.settings();
    const metadata = await this.metadata(settings);
    const state = newToken();
    const nonce = newToken();
    const verifier = `${newToken()}${newToken()}`;
    await this.dataSource.query(
      `INSERT INTO oidc_login_state (state, nonce, code_verifier, return_to, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
      [state, nonce, verifier, safeReturnTo(returnTo), STATE_TTL_MINUTES],
    );
    await this.dataSource.query(`DELETE FROM oidc_login_state WHERE expires_at < now()`);
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: settings.clientId,
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      state,
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...(settings.acrValues ? { acr_values: settings.acrValues } : {}),
    }).toString();
    return url.toString();
  }

  async complete(query: Record<string, string | undefined>): Promise<OidcOutcome> {
    const settings = this.settings();
    if (query['error']) {
      this.logger.warn(`Refus du fournisseur : ${query['error']}`);
      return { kind: 'refused', code: 'fournisseur-refus' };
    }
    const stateParam = query['state'];
    const code = query['code'];
    if (!stateParam || !code) return { kind: 'refused', code: 'reponse-invalide' };
    const states = await this.dataSource.query<{ nonce: string; code_verifier: string; return_to: string }[]>(
      `DELETE FROM oidc_login_state WHERE state = $1 AND expires_at > now() RETURNING nonce, code_verifier, return_to`,
      [stateParam],
    );
    // TypeORM returns [rows, count] for DELETE … RETURNING on PostgreSQL.
    const pending = (Array.isArray(states[0]) ? (states[0] as unknown[]) : states)[0] as
      | { nonce: string; code_verifier: string; return_to: string }
      | undefined;
    if (!pending) return { kind: 'refused', code: 'session-expiree' };

    let claims: JWTPayload;
    try {
      claims = await this.exchange(settings, code, pending.code_verifier, pending.nonce);
    } catch (error) {
      this.logger.warn(`Échange ProConnect refusé : ${String(error)}`);
      return { kind: 'refused', code: error instanceof TypeError ? 'fournisseur-indisponible' : 'reponse-invalide' };
    }

    const email = typeof claims['email'] === 'string' ? claims['email'].trim().toLowerCase() : '';
    const siret = typeof claims['siret'] === 'string' ? claims['siret'].replace(/\s/g, '') : '';
    if (!email || !siret) return { kind: 'refused', code: 'reponse-invalide' };

    const organisations = await this.dataSource.query<
      { organisation_kind: string; region_code: string | null; grades_id: number | null; default_role: string; email_domain: string | null }[]
    >(`SELECT organisation_kind, region_code, grades_id, default_role, email_domain FROM oidc_organisation WHERE siret = $1`, [siret]);
    const organisation = organisations[0];
    if (!organisation || (organisation.email_domain && !email.endsWith(`@${organisation.email_domain.toLowerCase()}`))) {
      this.logger.warn(`Organisation inconnue à la connexion ProConnect (SIRET ${siret}).`);
      return { kind: 'refused', code: 'organisation-inconnue' };
    }

    const existing = await this.dataSource.query<{ id: string; active: boolean }[]>(`SELECT id, active FROM app_user WHERE email = $1`, [email]);
    if (existing[0]) {
      return existing[0].active
        ? { kind: 'signed-in', userId: existing[0].id, returnTo: pending.return_to }
        : { kind: 'refused', code: 'compte-desactive' };
    }
    const given = typeof claims['given_name'] === 'string' ? claims['given_name'] : '';
    const family = typeof claims['usual_name'] === 'string' ? claims['usual_name'] : typeof claims['family_name'] === 'string' ? claims['family_name'] : '';
    const displayName = `${given} ${family}`.trim() || email;
    const created = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO app_user (email, display_name, role, organisation_kind, region_code, grades_id)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
       RETURNING id`,
      [email, displayName.slice(0, 200), organisation.default_role, organisation.organisation_kind, organisation.region_code, organisation.grades_id],
    );
    const id = created[0]?.id;
    if (!id) return { kind: 'refused', code: 'reponse-invalide' };
    return { kind: 'signed-in', userId: id, returnTo: pending.return_to };
  }

  private async exchange(settings: OidcSettings, code: string, verifier: string, nonce: string): Promise<JWTPayload> {
    const metadata = await this.metadata(settings);
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: settings.redirectUri,
      code_verifier: verifier,
      client_id: settings.clientId,
    });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (settings.tokenAuthMethod === 'client_secret_basic') {
      headers['Authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64')}`;
    } else {
      body.set('client_secret', settings.clientSecret);
    }
    const tokenResponse = await fetch(metadata.token_endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(10000) });
    if (!tokenResponse.ok) throw new Error(`jeton refusé (${tokenResponse.status})`);
    const tokens = (await tokenResponse.json()) as { id_token?: string; access_token?: string };
    if (!tokens.id_token || !tokens.access_token) throw new Error('réponse de jeton incomplète');
    const jwks = this.keys(metadata);
    const { payload: idToken } = await jwtVerify(tokens.id_token, jwks, { issuer: metadata.issuer, audience: settings.clientId });
    if (idToken.nonce !== nonce) throw new Error('nonce différent');

    const userinfoResponse = await fetch(metadata.userinfo_endpoint, {
      headers: { Authorization: `Bearer ${tokens.access_token}`, Accept: 'application/jwt, application/json' },
      signal: AbortSignal.timeout(10000),
    });
    if (!userinfoResponse.ok) throw new Error(`userinfo refusé (${userinfoResponse.status})`);
    const contentType = userinfoResponse.headers.get('content-type') ?? '';
    let userinfo: JWTPayload;
    if (contentType.includes('application/jwt')) {
      ({ payload: userinfo } = await jwtVerify((await userinfoResponse.text()).trim(), jwks, {
        issuer: metadata.issuer,
        audience: settings.clientId,
      }));
    } else {
      userinfo = (await userinfoResponse.json()) as JWTPayload;
    }
    if (userinfo.sub !== idToken.sub) throw new Error('sujet différent entre le jeton et userinfo');
    return { ...idToken, ...userinfo };
  }

  private settings(): OidcSettings {
    if (!this.config.oidc) {
      throw new DomainException('OIDC_DISABLED', "La connexion ProConnect n'est pas activée sur ce service.");
    }
    return this.config.oidc;
  }

  private metadata(settings: OidcSettings): Promise<ProviderMetadata> {
    this.metadataPromise ??= (async () => {
      const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await fetch(url, { signal: AbortSignal.timeout(10000) });
      if (!response.ok) throw new Error(`découverte impossible (${response.status})`);
      return (await response.json()) as ProviderMetadata;
    })().catch((error: unknown) => {
      this.metadataPromise = undefined;
      throw new DomainException('OIDC_FAILED', `Le service ProConnect ne répond pas : réessayez plus tard. (${String(error)})`);
    });
    return this.metadataPromise;
  }

  private keys(metadata: ProviderMetadata): ReturnType<typeof createRemoteJWKSet> {
    this.jwks ??= createRemoteJWKSet(new URL(metadata.jwks_uri));
    return this.jwks;
  }
}
