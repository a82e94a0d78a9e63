import { api, download, okAs } from '../api/client';
import { toKebabCase } from '@pairtrail/vocabulary';
import { localToday } from '../lists';

/** A file of a pair's, named for it and the day: `pairtrail-<title><what>-<day>.html`. */
export const pairFileName = (title: string, what: string) => `pairtrail-${toKebabCase(title).slice(0, 60)}${what}-${localToday()}.html`;

/** A pair's brief before its next meeting (`GET /pairs/:id/brief`), downloaded as a page to read or print. */
export async function saveMeetingBrief(pairId: string, title: string): Promise<void> {
  const result = await api.GET('/pairs/{id}/brief', { params: { path: { id: pairId }, query: { format: 'html' } }, parseAs: 'blob' });
  download(okAs<Blob>(result), pairFileName(title, '-before-the-next-meeting'));
}
