import { csvLine, toCsv } from './csv';

describe('CSV', () => {
  it('quotes what must be quoted and ends each record with CRLF', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', null, undefined, 3])).toBe('"a,b","say ""hi""","two\nlines",,,3\r\n');
  });

  it('defuses a text a spreadsheet would run as a formula, leaving numbers and words be', () => {
    expect(csvLine(['=HYPERLINK("http://x")', '+44 20', '-1', '@SUM(A1)', '\tx', 'fine'])).toBe(
      `"'=HYPERLINK(""http://x"")",'+44 20,'-1,'@SUM(A1),'\tx,fine\r\n`,
    );
    expect(csvLine([-2, 0.25, true, false])).toBe('-2,0.25,true,false\r\n');
  });

  it('makes nested figures dotted columns, with a header from the first row', () => {
    const rows = [
      { pairId: 'p1', relationship: { livedExperience: { change: -1 } }, topics: ['a', 'b'] },
      { pairId: 'p2', relationship: { livedExperience: { change: null } }, topics: [] },
    ];
    expect(toCsv(rows)).toBe('pairId,relationship.livedExperience.change,topics\r\np1,-1,"[""a"",""b""]"\r\np2,,[]\r\n');
    expect(toCsv([])).toBe('');
  });
});
