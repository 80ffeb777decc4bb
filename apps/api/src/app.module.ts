import type { ServerResponse } from 'node:http';

import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';

import { httpLoggingOptions } from './common/logging/http-logging';
import { APP_CONFIG } from './config/app-config.token';
import type { AppConfig } from './config/app-config';
import { buildDataSourceOptions } from './database/data-source';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CampaignsModule } from './modules/campaigns/campaigns.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { EnvelopesModule } from './modules/envelopes/envelopes.module';
import { EssmsModule } from './modules/essms/essms.module';
import { HealthModule } from './modules/health/health.module';
import { ImportsModule } from './modules/imports/imports.module';
import { ReportsModule } from './modules/reports/reports.module';
import { ReportSchedulesModule } from './modules/reports/schedules/report-schedules.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { MailModule } from './modules/mail/mail.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { ProjectsModule } from './modules/projects/projects.module';
import { RisksModule } from './modules/risks/risks.module';
import { UsersModule } from './modules/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: httpLoggingOptions(config),
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions({
            url: config.databaseUrl,
            ssl: config.databaseSsl,
            poolSize: config.databasePoolSize,
          }),
          retryAttempts: 0,
        }),
        ...(config.webDistDir
          ? [
              ServeStaticModule.forRoot({
                rootPath: config.webDistDir,
                exclude: ['/api', '/api/{*path}'],
                serveStaticOptions: {
                  index: 'index.html',
                  setHeaders: (response: ServerResponse, file: string) => {
                    // The page itself is always revalidated; the bundles it names carry a content hash.
                    response.setHeader(
                      'Cache-Control',
                      /\.[0-9A-Z]{8}\.(js|css)$|-[0-9A-Z]{8}\.(js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
                    );
                  },
                },
              }),
            ]
          : []),
        HealthModule,
        JobsModule,
        MailModule,
        AuthModule,
        AuditModule,
        UsersModule,
        OrganisationsModule,
        EssmsModule,
        CampaignsModule,
        EnvelopesModule,
        RisksModule,
        ProjectsModule,
        DashboardModule,
        ImportsModule,
        ReportsModule,
        ReportSchedulesModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
      global: true,
    };
  }
}
