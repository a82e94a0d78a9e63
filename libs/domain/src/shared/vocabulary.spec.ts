import { comparable } from './vocabulary';

describe('comparable text', () => {
  const composed = 'Jos\u00e9 O\u2019Brien';
  const decomposed = 'Jose\u0301 O\u2019Brien';

  it('reads text the same however it was keyed: accents composed or not, any case, spacing, apostrophes and dashes', () => {
    expect(decomposed).not.toBe(composed);
    expect(comparable(decomposed, { accents: 'kept' })).toBe(comparable(composed, { accents: 'kept' }));
    expect(comparable(composed, { accents: 'kept' })).toBe("jos\u00e9 o'brien");
    expect(comparable('  ANN \u00a0 Lee\t', { accents: 'kept' })).toBe('ann lee');
    expect(comparable('Smith\u2013Jones', { accents: 'kept' })).toBe('smith-jones');
  });

  it('keeps accents apart unless told to ignore them', () => {
    expect(comparable(composed, { accents: 'kept' })).not.toBe(comparable("Jose O'Brien", { accents: 'kept' }));
    expect(comparable(composed, { accents: 'ignored' })).toBe("jose o'brien");
    expect(comparable(decomposed, { accents: 'ignored' })).toBe("jose o'brien");
    // Letters that are not an accented letter stay as they are.
    expect(comparable('\u00d8ye \u00df', { accents: 'ignored' })).toBe('\u00f8ye \u00df');
  });
});
