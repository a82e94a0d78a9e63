import { useEffect, useState } from 'react';
import { onUnauthenticated } from './api/client';
import type { Me } from './api/types';
import { Layout, Status } from './components/layout';
import { ActionsPage } from './pages/actions';
import { WhatHappenedPage } from './pages/what-happened';
import { AuditPage } from './pages/audit';
import { CaseStudyPage } from './pages/case-study';
import { CaseStudiesPage } from './pages/case-studies';
import { CohortPage } from './pages/cohort';
import { EvaluationPage } from './pages/evaluation';
import { PairPage } from './pages/pair';
import { ParticipantsPage } from './pages/participants';
import { ProgrammePage } from './pages/programme';
import { SignInPage } from './pages/sign-in';
import { UsersPage } from './pages/users';
import { ReadModelsPage } from './pages/read-models';
import { href, useRoute, type Route } from './router';
import { SessionContext, can, forget, homeLabel, resume } from './session';

const TITLES: Record<Route['page'], string> = {
  programme: 'Programme',
  cohort: 'Cohort',
  pair: 'Pair',
  participants: 'Participants',
  actions: 'Actions',
  'what-happened': 'What happened',
  evaluation: 'Evaluation',
  audit: 'Audit trail',
  'case-studies': 'Case studies',
  'case-study': 'Case study',
  users: 'Users and tokens',
  'read-models': 'Read models',
  'not-found': 'Page not found',
};

function allowed(route: Route, me: Me): boolean {
  if (route.page === 'cohort') return can.seeCohorts(me.role);
  if (route.page === 'participants') return can.seeParticipants(me.role);
  if (route.page === 'actions') return can.seeActions(me.role);
  if (route.page === 'what-happened') return can.seeWhatHappened(me.role);
  if (route.page === 'evaluation') return can.evaluate(me.role);
  if (route.page === 'case-studies') return can.seeCaseStudies(me.role);
  if (route.page === 'audit') return can.audit(me.role);
  if (route.page === 'users') return can.manageUsers(me.role);
  if (route.page === 'read-models') return can.seeReadModels(me.role);
  return true;
}

function Page({ route, me }: { route: Route; me: Me }) {
  if (!allowed(route, me)) return <NotForRole me={me} />;
  switch (route.page) {
    case 'programme':
      return <ProgrammePage />;
    case 'pair':
      // Keyed by the pair: another pair's screen starts afresh, its forms holding nothing typed for this one.
      return <PairPage key={route.pairId} pairId={route.pairId} closing={route.closing} reflecting={route.reflecting} author={route.author} />;
    case 'cohort':
      return <CohortPage key={route.cohortId} cohortId={route.cohortId} />;
    case 'participants':
      return <ParticipantsPage />;
    // Keyed by the cohort they open narrowed to: a link to another (or to none) opens the screen afresh.
    case 'actions':
      return <ActionsPage key={route.cohortId} cohortId={route.cohortId} />;
    case 'what-happened':
      return <WhatHappenedPage key={route.cohortId} cohortId={route.cohortId} />;
    case 'evaluation':
      return <EvaluationPage key={route.cohortId} cohortId={route.cohortId} />;
    case 'audit':
      // Keyed by its link: one to another stream or actor, or to a check up to a position, opens the screen afresh.
      return <AuditPage key={JSON.stringify(route)} link={route.filter} verifyUpTo={route.verifyUpTo} />;
    case 'case-studies':
      return <CaseStudiesPage key={route.cohortId} cohortId={route.cohortId} />;
    case 'case-study':
      return <CaseStudyPage key={route.pairId} pairId={route.pairId} />;
    case 'users':
      return <UsersPage />;
    case 'read-models':
      return <ReadModelsPage />;
    default:
      return (
        <>
          <h1>Page not found</h1>
          <p>
            There is nothing at this address. Go to <a href={href.programme}>{homeLabel(me.role)}</a>.
          </p>
        </>
      );
  }
}

function NotForRole({ me }: { me: Me }) {
  return (
    <>
      <h1>You cannot see this page</h1>
      <p>
        This page is not for a {me.role}. Go to <a href={href.programme}>{homeLabel(me.role)}</a>, or sign in with another token.
      </p>
    </>
  );
}

export function App() {
  const route = useRoute();
  const [me, setMe] = useState<Me>();
  const [checking, setChecking] = useState(true);
  // Set when the API stopped taking this browser's token while it was signed in.
  const [ended, setEnded] = useState(false);

  useEffect(() => {
    onUnauthenticated(
      me
        ? () => {
            forget();
            setMe(undefined);
            setEnded(true);
          }
        : undefined,
    );
  }, [me]);

  useEffect(() => {
    void resume().then((found) => {
      setMe(found);
      setChecking(false);
    });
  }, []);

  useEffect(() => {
    document.title = `${me ? (route.page === 'programme' ? homeLabel(me.role) : TITLES[route.page]) : 'Sign in'} – Pairtrail`;
    // A new screen: move focus to its heading, so screen readers announce it.
    setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
  }, [route, me]);

  if (checking) return <Layout page={route.page}>{<Status loading />}</Layout>;
  if (!me)
    return (
      <Layout page="sign-in">
        <SignInPage
          ended={ended}
          onSignedIn={(signedIn) => {
            setEnded(false);
            setMe(signedIn);
          }}
        />
      </Layout>
    );
  const signOut = () => {
    forget();
    setMe(undefined);
    window.location.hash = '#/programme';
  };
  return (
    <SessionContext.Provider value={{ me, signOut }}>
      <Layout me={me} page={route.page} onSignOut={signOut}>
        <Page route={route} me={me} />
      </Layout>
    </SessionContext.Provider>
  );
}
