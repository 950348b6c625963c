// Search over concepts, guides, the learner's notes and log entries (GET /api/search?q=), grouped
// by kind, each hit with its snippet and the matched text highlighted.
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { SearchHitDto, SearchKind } from '../../shared/api.ts';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { useDocumentTitle } from '../components/document-title.ts';
import { formatLongDay } from '../components/dates.ts';

const KINDS: SearchKind[] = ['concept', 'note', 'log', 'guide'];

export function SearchPage() {
  const { t } = useLocale();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  useDocumentTitle(q ? t('search.titleQ', { q }) : t('search.title'));
  return (
    <div className="search-page">
      <header className="page-header">
        <h1>{t('search.title')}</h1>
      </header>
      <SearchForm initial={q} big />
      {q ? <Results key={q} q={q} /> : <p className="hint">{t('search.hint')}</p>}
    </div>
  );
}

function Results({ q }: { q: string }) {
  const { t } = useLocale();
  const [hits, ctl] = useApi(`search:${q}`, (s) => api.search(q, s));
  return (
    <Loaded result={hits} retry={ctl.reload}>
      {(list) =>
        list.length === 0 ? (
          <p className="empty" data-testid="search-empty">
            {t('search.none', { q })}
          </p>
        ) : (
          <div data-testid="search-results">
            <p role="status">{t('search.count', { n: list.length, q })}</p>
            {KINDS.filter((k) => list.some((h) => h.kind === k)).map((k) => (
              <section key={k} aria-labelledby={`kind-${k}`} className="search-group">
                <h2 id={`kind-${k}`}>
                  {t(`search.kind.${k}`)}{' '}
                  <span className="count">{list.filter((h) => h.kind === k).length}</span>
                </h2>
                <ul className="search-hits">
                  {list
                    .filter((h) => h.kind === k)
                    .map((h) => (
                      <Hit key={`${h.kind}:${h.id}`} hit={h} />
                    ))}
                </ul>
              </section>
            ))}
          </div>
        )
      }
    </Loaded>
  );
}

function hrefOf(h: SearchHitDto): string {
  if (h.kind === 'concept') return `/concepts/${h.id}`;
  if (h.kind === 'note') return `/concepts/${h.id}#note-title`;
  if (h.kind === 'guide') return `/guides/${h.id}`;
  return `/log`;
}

function Hit({ hit: h }: { hit: SearchHitDto }) {
  const { lang } = useLocale();
  const title =
    h.kind === 'log' ? formatLongDay(lang, h.id) : lang === 'en' && h.titleEn ? h.titleEn : h.title;
  const { text, highlights } = h.snippet;
  const parts: { s: string; mark: boolean }[] = [];
  let at = 0;
  for (const hl of [...highlights].sort((a, b) => a.start - b.start)) {
    if (hl.start < at) continue;
    if (hl.start > at) parts.push({ s: text.slice(at, hl.start), mark: false });
    parts.push({ s: text.slice(hl.start, hl.end), mark: true });
    at = hl.end;
  }
  if (at < text.length) parts.push({ s: text.slice(at), mark: false });
  return (
    <li className="search-hit" data-kind={h.kind} data-id={h.id}>
      <Link to={hrefOf(h)} className="search-hit-title">
        {title}
      </Link>
      <p className="snippet">
        {parts.map((p, i) => (p.mark ? <mark key={i}>{p.s}</mark> : <span key={i}>{p.s}</span>))}
      </p>
    </li>
  );
}

/** The search box (header and search page): GET /search?q= so it works without JavaScript too. */
export function SearchForm({ initial = '', big = false }: { initial?: string; big?: boolean }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  return (
    <form
      role="search"
      action="/search"
      method="get"
      className={big ? 'search-form big' : 'search-form'}
      key={initial}
      onSubmit={(e) => {
        e.preventDefault();
        const q = String(new FormData(e.currentTarget).get('q') ?? '').trim();
        if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
      }}
    >
      <label className="visually-hidden" htmlFor={big ? 'search-page-q' : 'search-q'}>
        {t('nav.searchLabel')}
      </label>
      <input
        id={big ? 'search-page-q' : 'search-q'}
        type="search"
        name="q"
        defaultValue={initial}
        placeholder={t('nav.searchPlaceholder')}
        data-testid={big ? 'search-page-input' : 'search-input'}
      />
      {/* type="button": Enter in the box submits the form anyway, and pages' own forms keep the
          only submit button on the page (tests and scripts look for button[type=submit]). */}
      <button
        type="button"
        className="button"
        onClick={(e) => e.currentTarget.form?.requestSubmit()}
      >
        {t('nav.search')}
      </button>
    </form>
  );
}
