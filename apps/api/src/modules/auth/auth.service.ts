import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { CurrentUser } from '../../common/auth/current-user';
import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './password-hasher';
import { SessionService } from './session.service';

export interface SignedIn {
  token: string;
  user: CurrentUser;
}

const INVALID = 'Adresse électronique ou mot de passe incorrect.';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottleService,
    private readonly sessions: SessionService,
  ) {}

  /**
   * Local sign-in. An unknown e-mail, a wrong password and a deactivated account get the same answer, in the
   * same time (the password is always checked against a hash, a decoy one when the e-mail is unknown).
   */
  async login(email: string, password: string, context: { ip?: string; userAgent?: string }): Promise<SignedIn> {
    const normalised = email.trim().toLowerCase();
    const attempts = await this.throttle.enter([`compte:${normalised}`, `adresse:${context.ip ?? 'inconnue'}`]);
    const rows = await this.dataSource.query<{ id: string; password_hash: string | null; active: boolean }[]>(
      `SELECT id, password_hash, active FROM app_user WHERE email = $1`,
      [normalised],
    );
    const account = rows[0];
    const valid = await this.hasher.verify(account?.password_hash, password);
    if (!account || !valid || !account.active) {
      throw new DomainException('INVALID_CREDENTIALS', INVALID, 'password');
    }
    await this.throttle.succeeded(attempts);
    return this.openSession(account.id, context);
  }

  /** Opens a session for a user already authenticated (password or ProConnect). */
  async openSession(userId: string, context: { ip?: string; userAgent?: string }): Promise<SignedIn> {
    const { token } = await this.sessions.create(userId, context);
    await this.dataSource.query(`UPDATE app_user SET last_login_at = now() WHERE id = $1`, [userId]);
    const user = await this.sessions.resolve(token);
    if (!user) throw new DomainException('ACCOUNT_INACTIVE', 'Ce compte est désactivé.');
    return { token, user };
  }

  get idleMinutes(): number {
    return this.config.sessionIdleMinutes;
  }
}
