import type { AuthProvidersResponse, CurrentUserResponse } from '@esms/api-contract';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { readCookie, SESSION_COOKIE, sessionCookieOptions, setXsrfCookie, XSRF_COOKIE } from '../../common/auth/cookies';
import { AuthenticatedRequest, CurrentUser, User } from '../../common/auth/current-user';
import { Authenticated, Public } from '../../common/auth/policy';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { AuthService } from './auth.service';
import { toCurrentUserResponse } from './current-user.mapper';
import { LoginDto } from './dto/login.dto';
import { OidcService } from './oidc.service';
import { newToken, SessionService } from './session.service';

function clientContext(request: Request): { ip?: string; userAgent?: string } {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

@ApiTags('Authentification')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly oidc: OidcService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Connexion par adresse électronique et mot de passe (cookie de session httpOnly).' })
  @ApiOkResponse({ description: "L'utilisateur connecté." })
  @ApiUnauthorizedResponse({ description: 'Adresse ou mot de passe incorrect (même réponse dans les deux cas).' })
  @ApiTooManyRequestsResponse({ description: 'Plus de 5 échecs en une minute pour ce compte ou cette adresse.' })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<CurrentUserResponse> {
    const { token, user } = await this.auth.login(body.email, body.password, clientContext(request));
    this.setSessionCookies(response, token, user.csrfToken);
    return toCurrentUserResponse(user, this.config.sessionIdleMinutes);
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Déconnexion : la session se termine côté serveur.' })
  @ApiNoContentResponse({ description: 'Session terminée (ou déjà absente).' })
  async logout(@Req() request: AuthenticatedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.user) await this.sessions.revoke(request.user.sessionId);
    response.clearCookie(SESSION_COOKIE, sessionCookieOptions(this.config.cookieSecure));
    setXsrfCookie(response, newToken(), this.config.cookieSecure);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: "L'utilisateur connecté, son organisation et son périmètre." })
  me(@User() user: CurrentUser): CurrentUserResponse {
    return toCurrentUserResponse(user, this.config.sessionIdleMinutes);
  }

  @Get('providers')
  @Public()
  @ApiOperation({ summary: 'Modes de connexion proposés (mot de passe, ProConnect).' })
  providers(@Req() request: Request, @Res({ passthrough: true }) response: Response): AuthProvidersResponse {
    if (!readCookie(request, XSRF_COOKIE)) setXsrfCookie(response, newToken(), this.config.cookieSecure);
    return { local: true, oidc: { enabled: this.oidc.enabled, label: this.config.oidc?.label ?? 'ProConnect' } };
  }

  @Get('oidc/login')
  @Public()
  @ApiOperation({ summary: 'Connexion ProConnect : redirige vers le fournisseur d’identité (state, nonce, PKCE).' })
  async oidcLogin(@Query('returnTo') returnTo: string | undefined, @Res() response: Response): Promise<void> {
    response.redirect(302, await this.oidc.authorizationUrl(returnTo));
  }

  @Get('oidc/callback')
  @Public()
  @ApiOperation({ summary: 'Retour du fournisseur d’identité : ouvre la session ou explique le refus.' })
  async oidcCallback(
    @Query() query: Record<string, string | undefined>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const outcome = await this.oidc.complete(query);
    if (outcome.kind === 'refused') {
      response.redirect(302, `/connexion?erreur=${encodeURIComponent(outcome.code)}`);
      return;
    }
    const { token, user } = await this.auth.openSession(outcome.userId, clientContext(request));
    this.setSessionCookies(response, token, user.csrfToken);
    response.redirect(302, outcome.returnTo);
  }

  private setSessionCookies(response: Response, token: string, csrfToken: string): void {
    response.cookie(SESSION_COOKIE, token, sessionCookieOptions(this.config.cookieSecure, this.config.sessionMaxHours * 3600_000));
    setXsrfCookie(response, csrfToken, this.config.cookieSecure);
  }
}
