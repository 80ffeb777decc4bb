import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module';
import { readCookie, setXsrfCookie, XSRF_COOKIE } from './common/auth/cookies';
import type { AppConfig } from './config/app-config';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { buildValidationPipe } from './common/errors/validation';
import { newToken } from './modules/auth/session.service';

/** Builds the Nest application exactly as production runs it (used by main.ts and the integration tests). */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Angular injects component styles at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(config.nodeEnv === 'production' ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      crossOriginEmbedderPolicy: false,
      hsts: config.nodeEnv === 'production',
    }),
  );
  // The web app's files (styles ≈ 470 kB, scripts ≈ 300 kB before compression) are sent gzip-compressed; the API's
  // JSON is not: its answers are small or streamed, and compressing them would cost CPU on every request. The API's
  // requests do not even go through the middleware (it wraps the response's write, end and headers of each request).
  const compress = compression();
  app.use((request: Request, response: Response, next: NextFunction) => (request.url.startsWith('/api') ? next() : compress(request, response, next)));
  // Every visitor gets an anti-CSRF token cookie, echoed by Angular in X-XSRF-TOKEN (checked by the AuthGuard).
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!readCookie(request, XSRF_COOKIE)) setXsrfCookie(response, newToken(), config.cookieSecure);
    next();
  });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(buildValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Pilotage ESMS numérique — API')
      .setDescription(
        "API du pilotage du programme ESMS numérique (CNSA, ARS, GRADeS). Les erreurs répondent { statusCode, code, message, field? } avec un message en français.",
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: 'API — Pilotage ESMS numérique',
  });
  return app;
}
