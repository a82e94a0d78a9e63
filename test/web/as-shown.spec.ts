import { sendAsShown } from '../../apps/web/src/as-shown';

type Cohort = { revision: string; name: string; startsOn: string };

const answer = (status: number) => ({
  data: {},
  error: status >= 400 ? { error: 'revision-mismatch', message: 'moved on' } : undefined,
  response: new Response(null, { status }),
});

/** A server holding `record`, answering 412 to a change based on another revision; `seen` are the reads. */
function server(record: Cohort, reads: Cohort[] = []) {
  const sent: string[] = [];
  return {
    sent,
    send: async (header: { 'If-Match': string }) => {
      sent.push(header['If-Match']);
      return answer(header['If-Match'] === `"${record.revision}"` ? 200 : 412);
    },
    reread: async () => reads.shift() ?? record,
  };
}

describe('a correction sent as the page showed the record', () => {
  const shown: Cohort = { revision: '3', name: 'Wave 1', startsOn: '2026-01-01' };

  it('goes with the revision shown, and is taken when nothing moved on', async () => {
    const s = server(shown);
    await sendAsShown(shown, ['name'], "the cohort's", s.send, s.reread);
    expect(s.sent).toEqual(['"3"']);
  });

  it('is sent again on the record as it now is, when what moved on is not what it corrects', async () => {
    const s = server({ ...shown, revision: '4', startsOn: '2026-02-01' });
    await sendAsShown(shown, ['name'], "the cohort's", s.send, s.reread);
    expect(s.sent).toEqual(['"3"', '"4"']);
  });

  it('waits for the read models to show what moved on before it compares', async () => {
    const now = { ...shown, revision: '4', startsOn: '2026-02-01' };
    const s = server(now, [shown, shown]);
    await sendAsShown(shown, ['name'], "the cohort's", s.send, s.reread);
    expect(s.sent).toEqual(['"3"', '"4"']);
  });

  it('is refused, naming what someone else changed, when it is what it corrects', async () => {
    const s = server({ ...shown, revision: '4', name: 'Wave one' });
    await expect(sendAsShown(shown, ['name', 'startsOn'], "the cohort's", s.send, s.reread)).rejects.toThrow(
      "Someone else changed the cohort's name since this page showed it, so nothing was saved. Reload the page",
    );
    expect(s.sent).toEqual(['"3"']);
  });
});
