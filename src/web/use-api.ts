// useApi: run one API call for a view and track loading / error / data. Re-runs when `key`
// changes; aborts on unmount; `reload` retries after an error; `setData` applies local edits.
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from './api.ts';

export type Loadable<T> =
  { state: 'loading' } | { state: 'error'; error: ApiFailure } | { state: 'ok'; data: T };

export function useApi<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): [Loadable<T>, { reload: () => void; setData: (update: (prev: T) => T) => void }] {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    setResult({ state: 'loading' });
    load(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setResult({ state: 'ok', data }),
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const error = err instanceof ApiFailure ? err : new ApiFailure(0, String(err));
        setResult({ state: 'error', error });
      },
    );
    return () => ctrl.abort();
    // `load` is a fresh closure each render; `key` says when the request changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const setData = useCallback(
    (update: (prev: T) => T) =>
      setResult((prev) => (prev.state === 'ok' ? { state: 'ok', data: update(prev.data) } : prev)),
    [],
  );
  return [result, { reload, setData }];
}
