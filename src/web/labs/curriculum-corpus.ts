// The embedding lab's default corpus on the page: the curriculum's own text, fetched the way the
// tiny GPT page fetches it (GET /api/concepts, then each concept's title, summary and body), here in
// Japanese and in English, and made into a word corpus by the lab's pure curriculumCorpus. Fetched
// once per page load; a failure is not cached, so the next visit tries again.
import { useEffect, useState } from 'react';
import { conceptDocs, curriculumCorpus } from '../../labs/embedding/curriculum.ts';

type Bi = { ja?: string; en?: string };

let cached: Promise<string> | null = null;

async function fetchDocs(): Promise<string[]> {
  const r = await fetch('/api/concepts');
  if (!r.ok) throw new Error(`GET /api/concepts: ${r.status}`);
  const list = (await r.json()) as { id: string }[];
  const docs: string[] = [];
  for (let i = 0; i < list.length; i += 8) {
    const batch = await Promise.all(
      list.slice(i, i + 8).map(async (c) => {
        const res = await fetch(`/api/concepts/${encodeURIComponent(c.id)}`);
        if (!res.ok) return [];
        return conceptDocs([(await res.json()) as { title?: Bi; summary?: Bi; body?: Bi }]);
      }),
    );
    docs.push(...batch.flat());
  }
  return docs;
}

export function loadCurriculumCorpus(): Promise<string> {
  cached ??= fetchDocs().then((docs) => {
    const text = curriculumCorpus(docs);
    if (!text.trim()) throw new Error('the curriculum has no text');
    return text;
  });
  cached.catch(() => (cached = null));
  return cached;
}

/** The curriculum corpus when `wanted`: { text } once loaded, { error } if it could not be. */
export function useCurriculumCorpus(wanted: boolean): {
  text: string | null;
  error: string | null;
} {
  const [state, setState] = useState<{ text: string | null; error: string | null }>({
    text: null,
    error: null,
  });
  useEffect(() => {
    if (!wanted || state.text) return;
    let live = true;
    loadCurriculumCorpus().then(
      (text) => live && setState({ text, error: null }),
      (e: Error) => live && setState({ text: null, error: e.message }),
    );
    return () => {
      live = false;
    };
  }, [wanted, state.text]);
  return state;
}
