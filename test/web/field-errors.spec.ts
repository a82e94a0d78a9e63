import { fieldErrors, humanise } from '../../apps/web/src/field-errors';

describe("the web app's reading of the API's field problems", () => {
  it('puts each problem on the form field that holds it, every problem of a field in its message', () => {
    expect(
      fieldErrors([
        { field: 'format', message: 'must be one of in-person, video, phone' },
        { field: 'attendeeIds[1]', message: 'names no registered participant (x)' },
        { field: 'attendeeIds[2]', message: 'names no registered participant (y)' },
        { field: 'measure.name', message: 'must be one line' },
      ]),
    ).toEqual({
      format: 'Format must be one of in-person, video, phone',
      attendeeIds: 'Attendee ids item 2 names no registered participant (x); Attendee ids item 3 names no registered participant (y)',
      measure: 'Measure name must be one line',
    });
  });

  it('reads a field name as a person would', () => {
    expect(humanise('durationMinutes')).toBe('Duration minutes');
    expect(humanise('topics[0]')).toBe('Topics item 1');
    expect(humanise('replacement.heldOn')).toBe('Replacement held on');
  });
});
