// The frame around every page: skip link, header with the menu and the language switch, footer.
// On navigation, focus moves to the main region so keyboard and screen-reader users start there.
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router-dom';
import { useLocale } from '../i18n/index.ts';
import { SearchForm } from '../views/search.tsx';
import gptTexts from '../gpt/texts.json';

export function Layout() {
  const { t, lang, setLang } = useLocale();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <NavLink to="/" className="brand" end>
            <span className="brand-mark" aria-hidden="true">
              し
            </span>
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </NavLink>
          <SearchForm />
          <nav aria-label={t('nav.main')} className="site-nav">
            <NavLink to="/" end>
              {t('nav.home')}
            </NavLink>
            <NavLink to="/review">{t('nav.review')}</NavLink>
            <NavLink to="/log">{t('nav.log')}</NavLink>
            <NavLink to="/labs">{t('nav.labs')}</NavLink>
            <NavLink to="/gpt">{gptTexts[lang].nav}</NavLink>
            <NavLink to="/guides">{t('nav.guides')}</NavLink>
            <button
              type="button"
              className="lang-switch"
              data-testid="lang-switch"
              lang={lang === 'ja' ? 'en' : 'ja'}
              aria-label={t('nav.switchLangLabel')}
              onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
            >
              {t('nav.switchLang')}
            </button>
          </nav>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          {t('app.name')} — {t('app.tagline')}
        </p>
      </footer>
    </>
  );
}
