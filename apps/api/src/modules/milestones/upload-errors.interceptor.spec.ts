import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { lastValueFrom, throwError } from 'rxjs';

import { DomainException } from '../../common/errors/domain.exception';
import { translateUploadError, UploadErrorsInterceptor } from './upload-errors.interceptor';

describe('translateUploadError', () => {
  it.each([
    [new PayloadTooLargeException('File too large'), 'FILE_TOO_LARGE', 'files'],
    [new BadRequestException('Too many files'), 'VALIDATION_FAILED', 'files'],
    [new BadRequestException('Unexpected field - piece'), 'VALIDATION_FAILED', 'files'],
    [new BadRequestException('Unexpected file field - piece'), 'VALIDATION_FAILED', 'files'],
    [new BadRequestException('Multipart: Boundary not found'), 'BAD_REQUEST', undefined],
    [new BadRequestException('Too many parts'), 'BAD_REQUEST', undefined],
  ])('turns multer’s %s into %s', (error, code, field) => {
    const translated = translateUploadError(error);
    expect(translated).toBeInstanceOf(DomainException);
    expect(translated).toMatchObject({ code, field });
    expect((translated as DomainException).message).not.toMatch(/[A-Z][a-z]+ [a-z]+ (file|field|found)/);
  });

  it('leaves any other error as it is', () => {
    const other = new DomainException('NOT_FOUND', 'Jalon introuvable.');
    expect(translateUploadError(other)).toBe(other);
    const bad = new BadRequestException('Something else');
    expect(translateUploadError(bad)).toBe(bad);
  });

  it('is applied by the interceptor to the errors of what it wraps', async () => {
    const interceptor = new UploadErrorsInterceptor();
    const result = interceptor.intercept({} as never, { handle: () => throwError(() => new PayloadTooLargeException()) });
    await expect(lastValueFrom(result)).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
  });
});
