import { Injectable, PipeTransform } from '@nestjs/common';

import { DomainException } from '../../common/errors/domain.exception';

/** A region code path parameter: two digits (INSEE code), e.g. "53" or "04". */
@Injectable()
export class RegionCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^\d{2}$/.test(value)) {
      throw new DomainException(
        'VALIDATION_FAILED',
        `Le code région « ${value} » est invalide : il s'écrit avec deux chiffres (code INSEE, par exemple 53).`,
        'code',
      );
    }
    return value;
  }
}
