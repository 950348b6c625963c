// The lab shelf on the home page: which labs exist, each with the concepts it makes tangible. It
// reads GET /api/labs, so the home page does not load the labs themselves (engine, KaTeX, tokenizers).
import { Link } from 'react-router-dom';
import type { LabSummary } from '../../labs/catalogue.ts';
import { ApiFailure } from '../api.ts';
import { useLocale } from '../i18n/index.ts';
import { useApi } from '../use-api.ts';
import texts from './texts.json';
import './labs.css';

async function fetchLabs(signal: AbortSignal): Promise<LabSummary[]> {
  const res = await fetch('/api/labs', { signal, headers: { Accept: 'application/json' } });
  if (!res.ok) throw new ApiFailure(res.status, `GET /api/labs: ${res.status}`);
  return (await res.json()) as LabSummary[];
}

export function LabShelf() {
  const { lang } = useLocale();
  const ui = texts.ui[lang];
  const [labs] = useApi('labs', fetchLabs);
  if (labs.state !== 'ok' || labs.data.length === 0) return null;
  return (
    <section className="lab-shelf" aria-labelledby="lab-shelf-title" data-testid="lab-shelf">
      <h2 id="lab-shelf-title">{ui.shelf}</h2>
      <p className="hint">
        {ui.shelfHint} <Link to="/labs">{ui.allLabs}</Link>
      </p>
      <ul>
        {labs.data.map((lab) => (
          <li key={lab.id} data-lab={lab.id}>
            <Link to={`/labs/${lab.id}`} className="lab-shelf-title">
              {lab.title[lang]}
            </Link>
            <span className="lab-shelf-concepts">
              {lab.concepts.map((c) => (
                <Link key={c} to={`/concepts/${c}`}>
                  {c}
                </Link>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
