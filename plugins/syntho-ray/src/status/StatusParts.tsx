import {
  CopyTextButton,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  Diagnosis,
  RayClusterSummary,
  RayClusterVerdict,
} from '@syntho-ray/plugin-syntho-ray-common';
import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { ReactNode, useEffect, useState } from 'react';
import { synthoRayTranslationRef, type Translate } from '../translation';
import { RayClusterStatus } from './useRayClusterStatus';

const VERDICT_STATUS: Record<
  RayClusterVerdict,
  (props: { children?: ReactNode }) => JSX.Element
> = {
  Ready: StatusOK,
  Progressing: StatusPending,
  Degraded: StatusWarning,
  Failed: StatusError,
  NotFound: StatusAborted,
  Unknown: StatusWarning,
};

/** The verdict with its status light, and the reason under it. */
export function Verdict({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const Status = VERDICT_STATUS[summary.verdict];
  return (
    <Box mb={2}>
      <Typography variant="h6" component="div" data-testid="ray-verdict">
        <Status>{summary.verdict}</Status>
        {summary.simulated && (
          <Chip
            size="small"
            label={t('status.simulated')}
            style={{ marginLeft: 8 }}
          />
        )}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {summary.reason}
      </Typography>
    </Box>
  );
}

/** The Ray address Syntho's Core API needs, with a copy button. */
export function RayAddress({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  return (
    <Box display="flex" alignItems="center">
      <Typography
        variant="body2"
        component="code"
        data-testid="ray-address"
        style={{ overflowWrap: 'anywhere' }}
      >
        {summary.service.rayAddress}
      </Typography>
      <Box ml={1}>
        <CopyTextButton
          text={summary.service.rayAddress}
          tooltipText={t('status.addressCopied')}
          aria-label={t('status.copyAddress')}
        />
      </Box>
    </Box>
  );
}

/** One diagnosis: what is wrong, the evidence and the fix. */
export function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const Status = diagnosis.severity === 'error' ? StatusError : StatusWarning;
  return (
    <Box mb={2} data-testid={`diagnosis-${diagnosis.id}`}>
      <Typography variant="subtitle1" component="div">
        <Status>{diagnosis.title}</Status>
      </Typography>
      <Typography variant="body2">{diagnosis.message}</Typography>
      {diagnosis.evidence.map(evidence => (
        <Typography
          key={`${evidence.kind}/${evidence.name}/${evidence.reason}`}
          variant="caption"
          component="div"
          color="textSecondary"
        >
          {evidence.kind} {evidence.name}
          {evidence.reason ? ` — ${evidence.reason}` : ''}
          {evidence.message ? `: ${evidence.message}` : ''}
        </Typography>
      ))}
      <Typography variant="body2">
        <strong>{t('status.fix')} </strong>
        {diagnosis.fix}
      </Typography>
    </Box>
  );
}

/**
 * The diagnoses the backend sends with a refusal to watch an entity's cluster (its annotations are
 * malformed or name a cluster the policy does not allow); none for any other error.
 */
function refusalDiagnoses(error: Error | undefined): Diagnosis[] {
  if (!(error instanceof ResponseError)) return [];
  const { diagnoses } = error.body as { diagnoses?: unknown };
  return Array.isArray(diagnoses) ? (diagnoses as Diagnosis[]) : [];
}

/**
 * Renders progress, then the diagnoses of an entity whose cluster is not watched, then a
 * per-cluster error, then the not-yet-deployed state, then `children` with
 * the summary; a dropped stream keeps the last summary with a note that updates are interrupted.
 */
export function StatusBoundary({
  status,
  children,
}: {
  status: RayClusterStatus;
  children: (summary: RayClusterSummary) => ReactNode;
}) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  if (status.loading) return <Progress />;
  const refusal = refusalDiagnoses(status.error);
  if (refusal.length > 0)
    return (
      <>
        {refusal.map(diagnosis => (
          <DiagnosisView
            key={`${diagnosis.id}/${diagnosis.evidence[0]?.name}`}
            diagnosis={diagnosis}
          />
        ))}
      </>
    );
  if (!status.value) {
    return status.error ? (
      <ResponseErrorPanel title={t('status.readError')} error={status.error} />
    ) : (
      <Progress />
    );
  }
  const summary = status.value;
  const interrupted = status.error && (
    <WarningPanel
      severity="info"
      title={t('status.interrupted')}
      message={status.error.message}
    />
  );
  if (summary.verdict === 'NotFound') {
    const [diagnosis] = summary.diagnoses;
    return (
      <>
        {interrupted}
        <EmptyState
          missing="data"
          title={diagnosis?.title ?? t('status.notDeployed')}
          description={`${summary.reason} ${diagnosis?.fix ?? ''}`}
        />
      </>
    );
  }
  return (
    <>
      {interrupted}
      {children(summary)}
    </>
  );
}

/** How long ago an ISO time was, as kubectl prints ages: `45s`, `12m`, `3h`, `2d`. */
export function age(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

/** How long ago an ISO time was, in words: `45 s`, `2 min`, `3 h`, `2 d`. */
export function ageInWords(
  t: Translate,
  iso: string | undefined,
  now = Date.now(),
): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso ?? '')) / 1000));
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return t('status.seconds', { count: seconds });
  if (seconds < 7200)
    return t('status.minutes', { count: Math.round(seconds / 60) });
  if (seconds < 172800)
    return t('status.hours', { count: Math.round(seconds / 3600) });
  return t('status.days', { count: Math.round(seconds / 86400) });
}

const CLOCK_MS = 5000;

/**
 * The current time, updated every few seconds while `ticking`: ages of last-known values grow while
 * the backend, having nothing new to say, pushes nothing.
 */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** "head ready, 1 of 2 workers ready": the counts of a summary in one line. */
function countsInWords(t: Translate, summary: RayClusterSummary) {
  const head =
    summary.head.ready >= 1 ? t('status.headReady') : t('status.headNotReady');
  if (summary.groups.length === 0) return head;
  const ready = summary.groups.reduce((n, g) => n + g.ready, 0);
  const desired = summary.groups.reduce((n, g) => n + g.desired, 0);
  return `${head}, ${t('status.workersReady', {
    ready: String(ready),
    count: desired,
  })}`;
}

/**
 * For a summary that is not current: when its counts were last known and what they were, or that
 * nothing is known yet. Nothing for a current summary.
 */
export function LastKnown({ summary }: { summary: RayClusterSummary }) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const now = useNow(Boolean(summary.stale));
  if (!summary.stale) return null;
  const observedAt = summary.stale.observedAt;
  return (
    <Typography variant="body2" data-testid="ray-last-known" paragraph>
      {observedAt
        ? t('status.lastKnown', {
            age: ageInWords(t, observedAt, now),
            counts: countsInWords(t, summary),
          })
        : t('status.nothingKnown')}
    </Typography>
  );
}

/** Titles sections with how old their values are when the summary is not current. */
export function useSectionTitle(summary: RayClusterSummary) {
  const { t } = useTranslationRef(synthoRayTranslationRef);
  const now = useNow(Boolean(summary.stale));
  return (title: string) =>
    summary.stale?.observedAt
      ? t('status.lastKnownTitle', {
          title,
          age: ageInWords(t, summary.stale.observedAt, now),
        })
      : title;
}
