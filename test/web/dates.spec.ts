import { humanDate, humanDates } from '../../apps/web/src/dates';

describe('dates as people read them', () => {
  it('writes a calendar date the NHS way, and leaves anything else as it came', () => {
    expect(humanDate('2025-10-01')).toBe('1 October 2025');
    expect(humanDate('2026-12-31')).toBe('31 December 2026');
    expect(humanDate('2026-13-01')).toBe('2026-13-01');
    expect(humanDate('soon')).toBe('soon');
  });
  it('rewrites every date in a sentence, and nothing else', () => {
    expect(humanDates('Action agreed on 2025-11-05, due 2025-12-10')).toBe('Action agreed on 5 November 2025, due 10 December 2025');
    expect(humanDates('Entry 25c11ebb-ca1b-5c3c-8340-75f0f3f1fd0f corrected: heldOn')).toBe('Entry 25c11ebb-ca1b-5c3c-8340-75f0f3f1fd0f corrected: heldOn');
  });
});
