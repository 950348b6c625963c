// useAutosave: an editable value saved to the server a moment after the last keystroke, with a
// copy in localStorage written on every change, so a reload (or a failed save) never loses typing.
// On mount a draft that differs from the server's value wins, and is saved again.
import { useCallback, useEffect, useRef, useState } from 'react';

export type AutosaveStatus = 'saved' | 'dirty' | 'saving' | 'failed';

const DRAFT_PREFIX = 'shirube.draft.';

export function readDraft<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(DRAFT_PREFIX + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

function writeDraft(key: string, value: unknown): void {
  try {
    localStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the server copy is all there is.
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(DRAFT_PREFIX + key);
  } catch {
    // Nothing to clear.
  }
}

export interface Autosave<T> {
  value: T;
  set: (next: T | ((prev: T) => T)) => void;
  status: AutosaveStatus;
  error: string | null;
  /** Save now (a blur, a button). */
  flush: () => void;
}

export function useAutosave<T>({
  draftKey,
  initial,
  save,
  same,
  delay = 700,
}: {
  /** localStorage key for the draft (prefixed). */
  draftKey: string;
  /** The value the server has. */
  initial: T;
  save: (value: T) => Promise<unknown>;
  /** Equality of two values (a draft equal to the server's value is dropped). */
  same: (a: T, b: T) => boolean;
  delay?: number;
}): Autosave<T> {
  const [state, setState] = useState(() => {
    const draft = readDraft<T>(draftKey);
    if (draft !== null && !same(draft, initial)) return { value: draft, recovered: true };
    if (draft !== null) clearDraft(draftKey);
    return { value: initial, recovered: false };
  });
  const [status, setStatus] = useState<AutosaveStatus>(state.recovered ? 'dirty' : 'saved');
  const [error, setError] = useState<string | null>(null);
  const value = useRef(state.value);
  const saved = useRef(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const saveRef = useRef(save);
  const sameRef = useRef(same);
  useEffect(() => {
    saveRef.current = save;
    sameRef.current = same;
  });

  const run = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (inFlight.current) {
      // Another save is on its way; try again once it has answered.
      timer.current = setTimeout(() => void run(), 150);
      return;
    }
    const sending = value.current;
    if (sameRef.current(sending, saved.current)) {
      clearDraft(draftKey);
      setStatus('saved');
      return;
    }
    inFlight.current = true;
    setStatus('saving');
    try {
      await saveRef.current(sending);
      saved.current = sending;
      setError(null);
      if (sameRef.current(value.current, sending)) {
        clearDraft(draftKey);
        setStatus('saved');
      } else {
        setStatus('dirty');
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setStatus('failed');
    } finally {
      inFlight.current = false;
    }
  }, [draftKey]);

  const schedule = useCallback(
    (wait: number) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void run(), wait);
    },
    [run],
  );

  // A recovered draft goes to the server straight away.
  useEffect(() => {
    if (state.recovered) schedule(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Leaving the page: send what is pending (the draft stays until the server has it).
  useEffect(() => {
    const flushOnHide = () => {
      if (timer.current) void run();
    };
    window.addEventListener('pagehide', flushOnHide);
    return () => {
      window.removeEventListener('pagehide', flushOnHide);
      flushOnHide();
    };
  }, [run]);

  const set = useCallback(
    (next: T | ((prev: T) => T)) => {
      const v = typeof next === 'function' ? (next as (prev: T) => T)(value.current) : (next as T);
      value.current = v;
      writeDraft(draftKey, v);
      setState({ value: v, recovered: false });
      setStatus('dirty');
      schedule(delay);
    },
    [delay, draftKey, schedule],
  );

  const flush = useCallback(() => {
    if (timer.current || status === 'failed') void run();
  }, [run, status]);

  return { value: state.value, set, status, error, flush };
}
