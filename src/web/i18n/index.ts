// i18next set-up: Japanese by default, English on request. The choice is kept in localStorage and
// mirrored to <html lang>. Curriculum text is not here: it arrives from the API as { ja, en }.
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { Localized } from '../../shared/progress.ts';
import ja from './ja.json';
import en from './en.json';

export type Lang = 'ja' | 'en';
export const LANG_KEY = 'shirube.lang';

function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

export function initI18n(): typeof i18n {
  const lng = storedLang();
  void i18n.use(initReactI18next).init({
    resources: { ja: { translation: ja }, en: { translation: en } },
    lng,
    fallbackLng: 'ja',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lng;
  i18n.on('languageChanged', (next) => {
    document.documentElement.lang = next;
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  });
  return i18n;
}

export function currentLang(language: string): Lang {
  return language.startsWith('en') ? 'en' : 'ja';
}

/** The translation function plus `l`, which picks the current language from a Localized text. */
export function useLocale() {
  const { t, i18n: inst } = useTranslation();
  const lang = currentLang(inst.language);
  const l = (text: Localized | null | undefined): string => (text ? text[lang] || text.ja : '');
  return { t, lang, l, setLang: (next: Lang) => void inst.changeLanguage(next) };
}
