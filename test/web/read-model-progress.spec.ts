import { rebuildProgress } from '../../apps/web/src/read-model-progress';

describe("a rebuild's progress on the Read models screen", () => {
  it('says how far through the log it has got, of where the log ends', () => {
    expect(rebuildProgress({ checkpoint: '1000000', lag: '0', rebuilding: { position: '400000' } })).toBe('at position 400,000 of 1,000,000 (40%)');
    // The log has gone on since the live tables' checkpoint: its end is past it by the lag.
    expect(rebuildProgress({ checkpoint: '990', lag: '10', rebuilding: { position: '999' } })).toBe('at position 999 of 1,000 (99%)');
    expect(rebuildProgress({ checkpoint: '0', lag: '0', rebuilding: { position: '0' } })).toBe('at position 0 of 0 (100%)');
  });

  it('says the position alone while the log cannot be read, and nothing when no rebuild runs', () => {
    expect(rebuildProgress({ checkpoint: '500', lag: null, rebuilding: { position: '120' } })).toBe('at position 120');
    expect(rebuildProgress({ checkpoint: '500', lag: '0', rebuilding: null })).toBeUndefined();
  });
});
