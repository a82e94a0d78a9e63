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
});
