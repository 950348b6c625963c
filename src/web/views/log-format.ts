// Minutes as 「1時間30分」 / "1 h 30 min".
import type { TFunction } from 'i18next';

export function formatMinutes(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  if (h === 0) return t('log.min', { m });
  if (m === 0) return t('log.hour', { h });
  return t('log.hourMin', { h, m });
}
