// Loading, error and not-found states, and <Loaded>, which picks one of them or renders the data.
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiFailure } from '../api.ts';
import type { Loadable } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { useDocumentTitle } from './document-title.ts';

export function Loading() {
  const { t } = useLocale();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </div>
  );
}

export function NotFound({ message }: { message?: string }) {
  const { t } = useLocale();
  useDocumentTitle(t('notFound.title'));
  return (
    <section className="state state-notfound" data-testid="not-found">
      <p className="state-code" aria-hidden="true">
        404
      </p>
      <h1>{t('notFound.title')}</h1>
      <p>{message ?? t('notFound.body')}</p>
      <p>
        <Link to="/">{t('common.backHome')}</Link>
      </p>
    </section>
  );
}

export function ErrorState({ error, retry }: { error: ApiFailure; retry?: () => void }) {
  const { t } = useLocale();
  return (
    <section className="state state-error" role="alert" data-testid="error-state">
      <h1>{error.network ? t('error.networkTitle') : t('error.genericTitle')}</h1>
      <p>
        {error.network
          ? t('error.networkBody')
          : t('error.genericBody', { message: error.message })}
      </p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </section>
  );
}

export function Loaded<T>({
  result,
  retry,
  notFound,
  children,
}: {
  result: Loadable<T>;
  retry?: () => void;
  notFound?: string;
  children: (data: T) => ReactNode;
}) {
  if (result.state === 'loading') return <Loading />;
  if (result.state === 'error') {
    if (result.error.notFound) return <NotFound message={notFound} />;
    return <ErrorState error={result.error} retry={retry} />;
  }
  return <>{children(result.data)}</>;
}
