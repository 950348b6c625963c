// A searchable multi-select over the concepts: type to filter (Japanese or English title, or id),
// ↑↓ to move, Enter to add, Backspace on an empty box removes the last one. The chosen concepts
// are chips with a remove button. ARIA combobox with a listbox popup.
import { useId, useMemo, useState } from 'react';
import type { ConceptListItem } from '../api.ts';
import { useLocale } from '../i18n/index.ts';

const MAX_OPTIONS = 12;

export function ConceptPicker({
  label,
  concepts,
  value,
  onChange,
}: {
  label: string;
  concepts: ConceptListItem[];
  value: string[];
  onChange: (ids: string[]) => void;
}) {
  const { t, l } = useLocale();
  const id = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const byId = useMemo(() => new Map(concepts.map((c) => [c.id, c])), [concepts]);
  const q = query.trim().toLowerCase();
  const options = concepts
    .filter((c) => !value.includes(c.id))
    .filter(
      (c) =>
        !q ||
        c.title.ja.toLowerCase().includes(q) ||
        c.title.en.toLowerCase().includes(q) ||
        c.id.includes(q),
    )
    .slice(0, MAX_OPTIONS);
  const add = (cid: string) => {
    onChange([...value, cid]);
    setQuery('');
    setActive(0);
  };
  const listId = `${id}-list`;
  const optId = (i: number) => `${id}-opt-${i}`;
  const showList = open && options.length > 0;

  return (
    <div className="concept-picker">
      <label htmlFor={`${id}-input`} className="md-editor-label">
        {label}
      </label>
      {value.length > 0 && (
        <ul className="picked" aria-label={t('picker.chosen')}>
          {value.map((cid) => (
            <li key={cid} className="chip picked-chip" data-concept={cid}>
              {byId.get(cid) ? l(byId.get(cid)!.title) : cid}
              <button
                type="button"
                className="chip-remove"
                aria-label={t('picker.remove', {
                  title: byId.get(cid) ? l(byId.get(cid)!.title) : cid,
                })}
                onClick={() => onChange(value.filter((x) => x !== cid))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="picker-box">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList ? optId(Math.min(active, options.length - 1)) : undefined}
          placeholder={t('picker.placeholder')}
          value={query}
          autoComplete="off"
          data-testid="concept-picker"
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(a + 1, options.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === 'Enter') {
              if (showList) {
                e.preventDefault();
                add(options[Math.min(active, options.length - 1)].id);
              }
            } else if (e.key === 'Escape') {
              setOpen(false);
            } else if (e.key === 'Backspace' && query === '' && value.length > 0) {
              onChange(value.slice(0, -1));
            }
          }}
        />
        {showList && (
          <ul className="picker-options" role="listbox" id={listId} aria-label={label}>
            {options.map((c, i) => (
              <li
                key={c.id}
                id={optId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(c.id);
                }}
                onMouseEnter={() => setActive(i)}
              >
                {l(c.title)} <span className="option-id">{c.id}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
