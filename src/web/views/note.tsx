// The learner's Markdown note on a concept: textarea beside a live preview (KaTeX, code blocks,
// sanitised by DOMPurify, so HTML in a note is shown inert), saved a moment after typing stops,
// with a localStorage draft so a reload never loses keystrokes.
import { useState } from 'react';
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { Loaded } from '../components/states.tsx';
import { useAutosave } from '../components/autosave.ts';
import { MarkdownEditor, SaveStatus } from '../components/markdown-editor.tsx';
import { formatDate } from '../components/badges.tsx';

export function ConceptNote({ conceptId }: { conceptId: string }) {
  const { t } = useLocale();
  const [note, ctl] = useApi(`note:${conceptId}`, (s) => api.note(conceptId, s));
  return (
    <section aria-labelledby="note-title" className="note card" data-testid="note">
      <h2 id="note-title">{t('note.title')}</h2>
      <Loaded result={note} retry={ctl.reload}>
        {(n) => (
          <NoteEditor
            key={conceptId}
            conceptId={conceptId}
            initial={n.body}
            updatedAt={n.updatedAt}
          />
        )}
      </Loaded>
    </section>
  );
}

function NoteEditor({
  conceptId,
  initial,
  updatedAt,
}: {
  conceptId: string;
  initial: string;
  updatedAt: string | null;
}) {
  const { t, lang } = useLocale();
  const [savedAt, setSavedAt] = useState(updatedAt);
  const note = useAutosave<string>({
    draftKey: `note.${conceptId}`,
    initial,
    save: async (body) => setSavedAt((await api.saveNote(conceptId, body)).updatedAt),
    same: (a, b) => a === b,
  });
  return (
    <>
      <MarkdownEditor
        label={t('note.label')}
        hint={t('note.hint')}
        name="note"
        rows={10}
        value={note.value}
        onChange={note.set}
        onBlur={note.flush}
        placeholder={t('note.placeholder')}
        split
      />
      <div className="note-foot">
        <SaveStatus status={note.status} error={note.error} testId="note-save-state" />
        {savedAt && note.status === 'saved' && (
          <span className="hint">{t('note.updatedAt', { date: formatDate(lang, savedAt) })}</span>
        )}
      </div>
    </>
  );
}
