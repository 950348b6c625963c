// Calendar days (YYYY-MM-DD) for display and arithmetic, without time-zone drift.
export function formatDay(
  lang: string,
  day: string | null | undefined,
  opts: Intl.DateTimeFormatOptions = { month: 'numeric', day: 'numeric', weekday: 'short' },
): string {
  if (!day) return '—';
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString(lang === 'en' ? 'en-GB' : 'ja-JP', opts);
}

export function formatLongDay(lang: string, day: string): string {
  return formatDay(lang, day, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' });
}

export function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}
