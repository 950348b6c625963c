// Keeps <title> in step with the page and the language.
import { useEffect } from 'react';
import { useLocale } from '../i18n/index.ts';

export function useDocumentTitle(title: string | null | undefined): void {
  const { t } = useLocale();
  const app = t('app.name');
  useEffect(() => {
    document.title = title ? `${title} — ${app}` : app;
  }, [title, app]);
}
