import { BadRequestException, CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';

import { DomainException } from '../../common/errors/domain.exception';
import { MAX_EVIDENCE_FILES } from './evidence-file';

/**
 * Multer's refusals (as Nest turns them into HTTP exceptions, in English) in the API's French error shape: a file
 * over 10 Mo is FILE_TOO_LARGE (413), too many files or an unexpected file field a 400 naming `files`.
 * Bound before the files interceptor, whose errors it receives.
 */
export function translateUploadError(error: unknown): unknown {
  if (error instanceof PayloadTooLargeException) {
    return new DomainException('FILE_TOO_LARGE', 'Un fichier dépasse 10 Mo : réduisez-le ou découpez-le avant de le joindre.', 'files');
  }
  if (error instanceof BadRequestException) {
    if (/too many files|unexpected (file )?field/i.test(error.message)) {
      return new DomainException(
        'VALIDATION_FAILED',
        `Joignez au plus ${MAX_EVIDENCE_FILES} fichiers par déclaration, dans le champ « files ».`,
        'files',
      );
    }
    if (/multipart|boundary|too many (parts|fields)|field (name|value)|missing field name/i.test(error.message)) {
      return new DomainException('BAD_REQUEST', 'Le formulaire envoyé est illisible ou trop chargé : renvoyez-le (multipart/form-data).');
    }
  }
  return error;
}

@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translateUploadError(error))));
  }
}
