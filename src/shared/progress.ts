// Progress vocabulary shared by the server, the command line and the web app.

export const STATUSES = ['not_started', 'in_progress', 'done', 'skipped'] as const;
export type Status = (typeof STATUSES)[number];

export const LEVELS = ['basic', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

/** A text in both languages. Japanese is the primary text. */
export interface Localized {
  ja: string;
  en: string;
}
