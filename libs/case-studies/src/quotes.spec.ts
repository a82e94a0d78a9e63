import { renderQuotes, type QuoteCollection } from './quotes';

const quote = (pairId: string, title: string, text: string, published = false) => ({
  pairId,
  title,
  text,
  by: 'The patient leader, March 2026',
  contentHash: `${pairId}-hash`,
  published,
});

describe('the quotes as one document', () => {
  const collection: QuoteCollection = {
    heading: 'In their words',
    about: ['What these are.'],
    items: [
      quote('p1', 'Cardiac rehab', '# Not a heading <b>nor bold</b>', true),
      quote('p1', 'Cardiac rehab', 'A second line\nand a third.', true),
      quote('p2', 'No gap after the ward', 'It felt like them and us.'),
    ],
  };

  it("put each case study's quotes under its title, saying which version they are from", () => {
    const md = renderQuotes(collection, 'md');
    expect(md).toContain('## About these quotes\n\nWhat these are.');
    expect(md.indexOf('## Cardiac rehab')).toBeLessThan(md.indexOf('## No gap after the ward'));
    expect(md.match(/^## Cardiac rehab$/gm)).toHaveLength(1);
    expect(md).toContain('From the published case study (content hash p1-hash).');
    expect(md).toContain('From the case study as told now, not yet published (content hash p2-hash).');
    expect(md).toContain('> A second line\n> and a third.\n>\n> — The patient leader, March 2026');
  });

  it('keep what people wrote as their words, never markup', () => {
    expect(renderQuotes(collection, 'md')).toContain('> \\# Not a heading \\<b\\>nor bold\\</b\\>');
    const html = renderQuotes(collection, 'html');
    expect(html).toContain('<blockquote><p># Not a heading &lt;b&gt;nor bold&lt;/b&gt;</p><footer>The patient leader, March 2026</footer></blockquote>');
    expect(html).not.toContain('<b>');
  });

  it('say so when no case study offers a quote', () => {
    const md = renderQuotes({ ...collection, items: [] }, 'md');
    expect(md).toContain('What these are.\n\nNone of them offers a quote.');
    expect(md).not.toContain('Cardiac rehab');
  });
});
