import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';

import { DomainException } from '../../common/errors/domain.exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { DEFAULT_IMPORT_MAX_BYTES } from './imports.service';

/** Multer's refusals (English HTTP exceptions) in the API's French error shape, naming the `file` field. */
export function translateImportUploadError(error: unknown, maxBytes: number): unknown {
  if (error instanceof PayloadTooLargeException) {
    const megabytes = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
    return new DomainException('FILE_TOO_LARGE', `Le fichier dépasse ${megabytes} Mo, la taille maximale d'un import : découpez-le en plusieurs fichiers.`, 'file');
  }
  if (error instanceof BadRequestException) {
    if (/too many files|unexpected (file )?field/i.test(error.message)) {
      return new DomainException('VALIDATION_FAILED', 'Envoyez un seul fichier, dans le champ « file ».', 'file');
    }
    if (/multipart|boundary|too many (parts|fields)|field (name|value)|missing field name/i.test(error.message)) {
      return new DomainException('BAD_REQUEST', 'Le formulaire envoyé est illisible ou trop chargé : renvoyez-le (multipart/form-data).');
    }
  }
  return error;
}

/**
 * Receives the one file of an import (field `file`, in memory) with the size limit of the configuration
 * (`IMPORT_MAX_MB`): multer stops reading beyond it and the answer is 413 FILE_TOO_LARGE.
 */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.importMaxBytes ?? DEFAULT_IMPORT_MAX_BYTES;
    const Multer = FileInterceptor('file', {
      defParamCharset: 'utf8',
      limits: { fileSize: this.maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
    });
    this.inner = new Multer();
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(Promise.resolve(this.inner.intercept(context, next))).pipe(
      mergeMap((result) => result),
      catchError((error: unknown) => throwError(() => translateImportUploadError(error, this.maxBytes))),
    );
  }
}
