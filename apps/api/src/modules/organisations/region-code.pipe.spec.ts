import { DomainException } from '../../common/errors/domain.exception';
import { RegionCodePipe } from './region-code.pipe';

const pipe = new RegionCodePipe();

function refusal(value: string): DomainException {
  try {
    pipe.transform(value);
  } catch (error) {
    if (error instanceof DomainException) return error;
    throw error;
  }
  throw new Error(`RegionCodePipe accepted « ${value} »`);
}

describe('RegionCodePipe', () => {
  it.each([['53'], ['04'], ['11'], ['94'], ['01'], ['06']])('accepts %j', (code) => {
    expect(pipe.transform(code)).toBe(code);
  });

  it.each([['5'], ['530'], ['5x'], [''], [' 53'], ['53 '], ['53\n'], ['2A'], ['٥٣'], ['-1'], ['5.']])(
    'refuses %j with VALIDATION_FAILED on field « code », in French',
    (code) => {
      const exception = refusal(code);
      expect(exception.code).toBe('VALIDATION_FAILED');
      expect(exception.field).toBe('code');
      expect(exception.message).toBe(
        `Le code région « ${code} » est invalide : il s'écrit avec deux chiffres (code INSEE, par exemple 53).`,
      );
    },
  );
});
