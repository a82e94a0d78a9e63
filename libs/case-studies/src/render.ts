import type { CaseStudy, Section } from './case-study';

/**
 * Text as Markdown shows it: its own words, never markup. What people wrote (a title, an aim, a quote)
 * could otherwise turn into a heading, a list, a link or raw HTML in whatever renders the report.
 * CommonMark takes a backslash before any ASCII punctuation as that character itself. An ampersand is
 * left as it is: "A&E" reads better raw, and an entity it might start is only ever text.
 */
export const markdownText = (text: string) => text.replace(/[\\`*_[\]<>|]/g, '\\$&').replace(/^([ \t]*)([#=+-]|\d+[.)])/gm, '$1\\$2');

/** Sections as Markdown, each under a heading of the second level. */
function mdSections(sections: readonly Section[]): string[] {
  const lines: string[] = [];
  for (const s of sections) {
    lines.push(`## ${markdownText(s.title)}`, '');
    for (const p of s.paragraphs) lines.push(markdownText(p), '');
    // A list item's further lines are indented to stay in it; each line of a quote is quoted.
    if (s.items.length) lines.push(...s.items.map((i) => `- ${markdownText(i).replace(/\n/g, '\n  ')}`), '');
    for (const q of s.quotes)
      lines.push(
        ...markdownText(q.text)
          .split('\n')
          .map((line) => `> ${line}`),
        `>`,
        `> — ${markdownText(q.by)}`,
        '',
      );
  }
  return lines;
}

/** The case study as Markdown. */
export function toMarkdown(cs: CaseStudy): string {
  const lines = [`# ${markdownText(cs.title)}`, '', ...mdSections(cs.sections)];
  const p = cs.provenance;
  lines.push(
    '---',
    '',
    `Generated from the event log up to position ${p.position} (${p.eventsUsed} events), as recorded at ${p.generatedAt}${cs.asOf ? `, as things stood on ${cs.asOf}` : ''}.`,
    '',
    `Content hash: \`${p.contentHash}\``,
    '',
  );
  return lines.join('\n');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const CSS = `
body{font-family:Arial,Helvetica,sans-serif;color:#212b32;background:#fff;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:2rem;color:#005eb8;margin-bottom:1.5rem}h2{font-size:1.4rem;margin-top:2rem;border-bottom:2px solid #d8dde0;padding-bottom:.25rem}
blockquote{border-left:6px solid #005eb8;margin:1rem 0;padding:.5rem 1rem;background:#f0f4f5}blockquote footer{font-size:.9rem;color:#4c6272;margin-top:.5rem}
ul{padding-left:1.25rem}li{margin-bottom:.5rem}.provenance{margin-top:3rem;font-size:.85rem;color:#4c6272;border-top:1px solid #d8dde0;padding-top:1rem}
code{font-family:Consolas,monospace;word-break:break-all}@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}blockquote,li{page-break-inside:avoid}}`;

/** Sections as HTML, each under a heading of `level`. */
function htmlSections(sections: readonly Section[], level: 2 | 3): string[] {
  const hs = `h${level}`;
  const body: string[] = [];
  for (const s of sections) {
    body.push(`<section id="${escape(s.key)}">`, `<${hs}>${escape(s.title)}</${hs}>`);
    for (const p of s.paragraphs) body.push(`<p>${escape(p)}</p>`);
    if (s.items.length) body.push('<ul>', ...s.items.map((i) => `<li>${escape(i)}</li>`), '</ul>');
    for (const q of s.quotes) body.push(`<blockquote><p>${escape(q.text)}</p><footer>${escape(q.by)}</footer></blockquote>`);
    body.push('</section>');
  }
  return body;
}

/** The case study's title, sections and provenance as HTML, its title a heading of `level`, its sections' one below. */
function htmlOf(cs: CaseStudy, level: 1 | 2): string[] {
  const h = `h${level}`;
  const body: string[] = [`<${h}>${escape(cs.title)}</${h}>`, ...htmlSections(cs.sections, level === 1 ? 2 : 3)];
  const p = cs.provenance;
  body.push(
    `<p class="provenance">Generated from the event log up to position ${escape(p.position)} (${p.eventsUsed} events), as recorded at ${escape(p.generatedAt)}${cs.asOf ? `, as things stood on ${escape(cs.asOf)}` : ''}. Content hash: <code>${escape(p.contentHash)}</code></p>`,
  );
  return body;
}

/** The case study as a standalone, printable HTML page with its own CSS and no external assets. */
export function toHtml(cs: CaseStudy): string {
  return page(cs.title, htmlOf(cs, 1));
}

/** A standalone, printable HTML page with its own CSS and no external assets. */
const page = (title: string, body: string[], css = CSS) =>
  `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escape(title)}</title>\n<style>${css}</style>\n</head>\n<body>\n<main>\n${body.join('\n')}\n</main>\n</body>\n</html>\n`;

/** A collection's case studies each begin a printed page, under a title of the size one alone has. */
const COLLECTION_CSS = `${CSS}
article{margin-top:4rem}article>h2{font-size:2rem;color:#005eb8;border:0}h3{font-size:1.4rem;margin-top:2rem;border-bottom:2px solid #d8dde0;padding-bottom:.25rem}
@media print{article{page-break-before:always;margin-top:0}h3{page-break-after:avoid}}`;

/** A document of several case studies opens with its heading and what it holds: its lines in Markdown, or in HTML. */
const NONE = 'None.';
const mdOpening = (heading: string, about: string[]) => [`# ${markdownText(heading)}`, '', ...about.flatMap((p) => [markdownText(p), ''])];
const htmlOpening = (heading: string, about: string[]) => [`<h1>${escape(heading)}</h1>`, ...about.map((p) => `<p>${escape(p)}</p>`)];

/** Case studies gathered into one document, such as every published one for a report. */
export interface CaseStudyCollection {
  heading: string;
  about: string[];
  caseStudies: CaseStudy[];
}

/**
 * A collection as one document: Markdown, each case study's headings one level down under the
 * collection's; or one printable HTML page, each case study an article that starts a printed page.
 */
export function renderCollection(collection: CaseStudyCollection, format: 'md' | 'html'): string {
  if (format === 'md') {
    // Only generated headings begin a line with '#': a line of what people wrote that does is escaped.
    const each = collection.caseStudies.map((cs) => toMarkdown(cs).replace(/^(#+) /gm, '#$1 '));
    return [...mdOpening(collection.heading, collection.about), ...(each.length ? each : [NONE, ''])].join('\n');
  }
  const body = htmlOpening(collection.heading, collection.about);
  if (collection.caseStudies.length === 0) body.push(`<p>${NONE}</p>`);
  for (const cs of collection.caseStudies) body.push('<article>', ...htmlOf(cs, 2), '</article>');
  return page(collection.heading, body, COLLECTION_CSS);
}

/** One case study a folder of them holds: its file, its title, and where it stands with its partners. */
export interface CaseStudyIndexEntry {
  file: string;
  title: string;
  contentHash: string;
  /** Such as "published on 2026-06-01" or "not yet approved". */
  standing: string;
}

/** What a folder of case studies holds, and how to make it again: its own page beside them. */
export interface CaseStudyIndex {
  heading: string;
  about: string[];
  entries: CaseStudyIndexEntry[];
}

/** The index of a folder of case studies, as a page in the same format as they are. */
export function renderIndex(index: CaseStudyIndex, format: 'md' | 'html'): string {
  if (format === 'md') {
    const items = index.entries.map((e) => `- [${markdownText(e.title)}](${e.file}): ${markdownText(e.standing)}. Content hash: \`${e.contentHash}\``);
    return [...mdOpening(index.heading, index.about), ...(items.length ? items : [NONE]), ''].join('\n');
  }
  const items = index.entries.map(
    (e) => `<li><a href="${escape(e.file)}">${escape(e.title)}</a>: ${escape(e.standing)}. Content hash: <code>${escape(e.contentHash)}</code></li>`,
  );
  return page(index.heading, [...htmlOpening(index.heading, index.about), items.length ? `<ul>\n${items.join('\n')}\n</ul>` : `<p>${NONE}</p>`]);
}

/** The case study in a format: json (canonical bytes), md or html. */
export function render(cs: CaseStudy, format: 'json' | 'md' | 'html'): string {
  if (format === 'md') return toMarkdown(cs);
  if (format === 'html') return toHtml(cs);
  return `${JSON.stringify(cs, null, 2)}\n`;
}

/** A document told in sections as a case study is, such as what is held about a person: its title, sections, and a closing line. */
export interface SectionedDocument {
  title: string;
  sections: readonly Section[];
  closing: string;
}

/** A sectioned document as Markdown, or as a standalone, printable HTML page, its words always text. */
export function renderDocument(doc: SectionedDocument, format: 'md' | 'html'): string {
  if (format === 'md') return [`# ${markdownText(doc.title)}`, '', ...mdSections(doc.sections), '---', '', markdownText(doc.closing), ''].join('\n');
  return page(doc.title, [`<h1>${escape(doc.title)}</h1>`, ...htmlSections(doc.sections, 2), `<p class="provenance">${escape(doc.closing)}</p>`]);
}
