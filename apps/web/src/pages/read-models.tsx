import { useEffect, useState } from 'react';
import { api, messageOf, ok } from '../api/client';
import { DataTable, Notice, RowButton, Status, Tag, WarningCallout } from '../components/layout';
import { can, useSession } from '../session';
import { Failure } from '../components/form';
import { useLoad } from '../use-load';
import { rebuildProgress } from '../read-model-progress';

interface ProjectionStatus {
  name: string;
  version: number;
  checkpoint: string;
  /** Null while the event store cannot be read. */
  lag: string | null;
  state: 'starting' | 'live' | 'catching-up' | 'rebuilding' | 'failed' | 'stopped';
  rebuilding: { generation: number; position: string } | null;
  lastError: { message: string; position: string; eventId: string } | null;
}

const STATE_COLOUR = { starting: 'yellow', live: 'green', 'catching-up': 'yellow', rebuilding: 'blue', failed: 'red', stopped: 'grey' } as const;

/** How often the screen looks again while a read model is not yet live. */
const FOLLOW_MS = 1000;

/**
 * The read models built from the log: each one's state, checkpoint and lag, and its last error; admins
 * rebuild one here, and the screen follows the rebuild until it is live.
 */
export function ReadModelsPage() {
  const { me } = useSession();
  const [notice, setNotice] = useState<string>();
  // After asking for a rebuild, followed for a while even before it shows: beside apps/projector, the
  // projector takes the request up a moment after the API answers.
  const [followUntil, setFollowUntil] = useState(0);
  const { data, error, loading, reload } = useLoad(async () => ok<{ items: ProjectionStatus[] }>(await api.GET('/projections', {})).items, []);
  // Followed while anything is under way, or stopped: the screen shows the projector back as it starts.
  const busy =
    Date.now() < followUntil ||
    (data?.some((p) => p.state === 'starting' || p.state === 'catching-up' || p.state === 'rebuilding' || p.state === 'stopped' || p.rebuilding !== null) ??
      false);
  const stopped = data?.some((p) => p.state === 'stopped') ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setTimeout(() => void reload(), FOLLOW_MS);
    return () => clearTimeout(timer);
  }, [busy, data, reload]);
  const [refused, setRefused] = useState<string>();
  const rebuild = async (name: string) => {
    setRefused(undefined);
    try {
      ok(await api.POST('/projections/{name}/rebuild', { params: { path: { name } } }));
    } catch (failure) {
      setNotice(undefined);
      setRefused(`The ${name} read model was not rebuilt: ${messageOf(failure)}`);
      return;
    }
    setNotice(`The ${name} read model is rebuilding from the log, into fresh tables; the old ones answer until it is done.`);
    setFollowUntil(Date.now() + 5 * FOLLOW_MS);
    await reload();
  };
  return (
    <>
      <h1 tabIndex={-1}>Read models</h1>
      <p>What the screens read is built from the event log, and can be rebuilt from it at any time.</p>
      <Status loading={loading && !data} error={error} />
      <Notice text={notice} />
      <Failure text={refused} testId="rebuild-refused" />
      {stopped ? (
        <WarningCallout label="Nothing is keeping the read models up to date" testId="read-models-stopped">
          <p>
            No process is running the projections, so the screens show the programme as it stood at each read model's checkpoint, and a rebuild asked for here
            waits. Start the projector (apps/projector), or a server with the projections on, or ask your administrator to.
          </p>
        </WarningCallout>
      ) : null}
      {data ? (
        <DataTable
          caption="Read models"
          testId="read-models"
          headings={['Read model', 'State', 'Checkpoint', 'Behind the log by', 'Last error', <span className="nhsuk-u-visually-hidden">Actions</span>]}
          rows={data}
          rowKey={(p) => p.name}
          cells={(p) => [
            `${p.name} (version ${p.version})`,
            <>
              <Tag colour={STATE_COLOUR[p.state]}>{p.state}</Tag>
              {p.rebuilding ? <span className="nhsuk-body-s"> {rebuildProgress(p)}</span> : null}
            </>,
            p.checkpoint,
            p.lag === null ? 'Not known: the event log cannot be read just now' : p.lag === '0' ? 'nothing' : `${p.lag} events`,
            p.lastError ? `At position ${p.lastError.position}: ${p.lastError.message}` : 'None',
            can.manageUsers(me.role) ? (
              <RowButton label="Rebuild" about={p.name} disabled={p.rebuilding !== null} onClick={() => void rebuild(p.name)} />
            ) : null,
          ]}
        />
      ) : null}
    </>
  );
}
