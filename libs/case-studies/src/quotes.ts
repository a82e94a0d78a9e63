import { section, type CaseStudy } from './case-study';
import { renderDocument } from './render';

/**
 * A quote a case study offers, with the case study it is from: a report writer's "in their words",
 * gathered across pairs. Its words and attribution are the case study's own, so every rule a case study
 * keeps holds for it: a reflection its author offered for quotation and consented to be quoted, the
 * author named only with consent to be named (else by role and organisation type), and a partner not
 * named not named in the words either.
 */
export interface CaseStudyQuote {
  pairId: string;
  /** The case study's title: the pair's initiative, or its focus. */
  title: string;
  text: string;
  /** Who said it and when, as the case study says it ("The patient leader, March 2026"). */
  by: string;
  /** The version of the case study it is from, to cite or to open (`/case-studies/:pairId/versions/:contentHash`). */
  contentHash: string;
  /** Whether that version is the one published: its partners approved it in these words. */
  published: boolean;
}

/** Quotes gathered from case studies, for a report: what they are, and each quote. */
export interface QuoteCollection {
  heading: string;
  about: string[];
  items: CaseStudyQuote[];
}

/** The quotes a case study offers: its "In their words". */
export const quotesIn = (cs: CaseStudy): { text: string; by: string }[] => cs.sections.find((s) => s.key === 'in-their-words')?.quotes ?? [];

/**
 * The quotes as one document: Markdown, or one printable HTML page, each case study's quotes under its
 * title, in the order the collection holds them.
 */
export function renderQuotes(collection: QuoteCollection, format: 'md' | 'html'): string {
  const byCaseStudy = new Map<string, CaseStudyQuote[]>();
  for (const q of collection.items) {
    const quotes = byCaseStudy.get(q.pairId) ?? [];
    quotes.push(q);
    byCaseStudy.set(q.pairId, quotes);
  }
  const sections = [...byCaseStudy.values()].map((quotes) => {
    const { pairId, title, published, contentHash } = quotes[0]!;
    const from = published ? 'From the published case study' : 'From the case study as told now, not yet published';
    return section(pairId, title, {
      paragraphs: [`${from} (content hash ${contentHash}).`],
      quotes: quotes.map(({ text, by }) => ({ text, by })),
    });
  });
  const about = [...collection.about, ...(sections.length === 0 ? ['None of them offers a quote.'] : [])];
  const closing = 'Each quote is as its case study tells it; the content hash names the version it is from, to cite or to open.';
  return renderDocument({ title: collection.heading, sections: [section('about', 'About these quotes', { paragraphs: about }), ...sections], closing }, format);
}
