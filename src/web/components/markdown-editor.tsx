// A Markdown textarea with a 編集 / プレビュー switch; the preview is the sanitised renderer the
// curriculum uses (KaTeX, code blocks, DOMPurify), so a note's HTML never runs.
import { useId, useState } from 'react';
import { useLocale } from '../i18n/index.ts';
import { Markdown } from './markdown.tsx';
import type { AutosaveStatus } from './autosave.ts';

export function MarkdownEditor({
  label,
  value,
  onChange,
  onBlur,
  rows = 5,
  placeholder,
  name,
  hint,
  split = false,
}: {
  label: string;
  value: string;
  onChange: (next: string) => void;
  onBlur?: () => void;
  rows?: number;
  placeholder?: string;
  name: string;
  hint?: string;
  /** Textarea and live preview side by side (wide screens) instead of a switch. */
  split?: boolean;
}) {
  const { t } = useLocale();
  const id = useId();
  const [previewOn, setPreview] = useState(false);
  const preview = !split && previewOn;
  if (split) {
    return (
      <div className="md-editor md-split" data-field={name}>
        <label htmlFor={id} className="md-editor-label">
          {label}
        </label>
        {hint && <p className="hint">{hint}</p>}
        <div className="md-split-panes">
          <textarea
            id={id}
            name={name}
            rows={rows}
            value={value}
            placeholder={placeholder}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
            spellCheck={false}
          />
          <div
            className="md-preview"
            data-testid={`rendered-${name}`}
            aria-label={t('editor.preview')}
            role="region"
          >
            {value.trim() ? (
              <Markdown source={value} />
            ) : (
              <p className="empty">{t('editor.nothing')}</p>
            )}
          </div>
        </div>
      </div>
    );
  }
  return (
    <div className="md-editor" data-field={name}>
      <div className="md-editor-head">
        <label htmlFor={id} className="md-editor-label">
          {label}
        </label>
        <div className="segmented small" role="group" aria-label={t('editor.mode', { label })}>
          <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
            {t('editor.write')}
          </button>
          <button
            type="button"
            aria-pressed={preview}
            onClick={() => setPreview(true)}
            data-testid={`preview-${name}`}
          >
            {t('editor.preview')}
          </button>
        </div>
      </div>
      {hint && <p className="hint">{hint}</p>}
      {preview ? (
        <div className="md-preview" data-testid={`rendered-${name}`}>
          {value.trim() ? (
            <Markdown source={value} />
          ) : (
            <p className="empty">{t('editor.nothing')}</p>
          )}
        </div>
      ) : (
        <textarea
          id={id}
          name={name}
          rows={rows}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          spellCheck={false}
        />
      )}
    </div>
  );
}

export function SaveStatus({
  status,
  error,
  testId = 'autosave',
}: {
  status: AutosaveStatus;
  error: string | null;
  testId?: string;
}) {
  const { t } = useLocale();
  return (
    <p
      className={`save-state autosave-${status}`}
      role="status"
      aria-live="polite"
      data-testid={testId}
      data-status={status}
    >
      {status === 'saved' && t('editor.saved')}
      {status === 'saving' && t('editor.saving')}
      {status === 'dirty' && t('editor.dirty')}
      {status === 'failed' && (
        <span className="error-text">{t('editor.failed', { message: error ?? '' })}</span>
      )}
    </p>
  );
}
