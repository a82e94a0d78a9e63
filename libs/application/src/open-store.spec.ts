import { resubscribeNotice } from './open-store';

describe('the notice of a lost EventStoreDB subscription', () => {
  it('is said at the first attempt, then at attempts 2, 4, 8…, not at every try', () => {
    const lost = new Error('14 UNAVAILABLE: No connection established');
    const said = Array.from({ length: 720 }, (_, i) => i + 1).filter((attempt) => resubscribeNotice(attempt, 5000, lost) !== undefined);
    expect(said).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
    expect(resubscribeNotice(1, 100, lost)).toBe(
      'EventStoreDB subscription lost (14 UNAVAILABLE: No connection established); resubscribing in 100 ms, attempt 1 (said again at attempts 2, 4, 8… while it lasts)',
    );
    expect(resubscribeNotice(64, 5000, lost)).toBe(
      'EventStoreDB subscription lost (14 UNAVAILABLE: No connection established); resubscribing in 5000 ms, attempt 64',
    );
  });
});
