import { ValidationError } from '@pairtrail/domain';
import { toErrorResponse } from './errors';

describe('toErrorResponse', () => {
  it('answers a body that is not JSON with 400, as the parser marks it', () => {
    const parse = Object.assign(new Error('The body is not valid JSON.'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(toErrorResponse(parse)).toMatchObject({ status: 400, body: { error: 'validation', details: [{ field: 'body' }] }, unexpected: false });
  });

  it("answers any other SyntaxError as the server's failure, not the body's", () => {
    let thrown: unknown;
    try {
      BigInt('not a number');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SyntaxError);
    expect(toErrorResponse(thrown)).toMatchObject({ status: 500, body: { error: 'internal' }, unexpected: true });
  });

  it('keeps the fields a validation error names', () => {
    expect(toErrorResponse(new ValidationError([{ field: 'cursor', message: 'is not a cursor this API gave out' }]))).toMatchObject({
      status: 400,
      body: { error: 'validation', details: [{ field: 'cursor', message: 'is not a cursor this API gave out' }] },
    });
  });

  it("answers the disk's or the data files' failure with a 503 that says what to do", () => {
    // Codes as better-sqlite3 gives them (storage-problems.int-spec.ts makes each of them for real).
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(toErrorResponse(full)).toEqual({
      status: 503,
      body: { error: 'unavailable', message: expect.stringMatching(/disk holding Pairtrail's data is full, so nothing was changed/) },
      headers: {},
      unexpected: true,
    });
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(toErrorResponse(busy)).toMatchObject({ status: 503, headers: { 'retry-after': '1' }, body: { message: expect.stringContaining('Try again') } });
    // EventStoreDB out of reach, as gRPC fails a call to it (storage-problems.int-spec.ts makes it for real).
    const down = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established', metadata: {} });
    expect(toErrorResponse(down)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: 'unavailable', message: expect.stringContaining('EventStoreDB) could not be reached') },
    });
  });
});
