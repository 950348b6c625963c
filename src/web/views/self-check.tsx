// The concept's self-check questions (GET /api/concepts/:id/questions); answering one is a review
// that FSRS schedules, so it comes back in the review queue later.
import { api } from '../api.ts';
import { useApi } from '../use-api.ts';
import { useLocale } from '../i18n/index.ts';
import { QuestionCard } from '../components/question-card.tsx';
import { formatDate } from '../components/badges.tsx';

export function SelfCheck({ conceptId }: { conceptId: string }) {
  const { t, lang } = useLocale();
  const [questions] = useApi(`questions:${conceptId}`, (s) => api.conceptQuestions(conceptId, s));
  if (questions.state !== 'ok' || questions.data.length === 0) return null;
  return (
    <section aria-labelledby="selfcheck-title" className="self-check" data-testid="self-check">
      <h2 id="selfcheck-title">{t('review.selfCheck')}</h2>
      <p className="hint">{t('review.selfCheckHint')}</p>
      <ol className="question-list">
        {questions.data.map(({ question, card }) => (
          <li key={question.item}>
            <QuestionCard item={question.item} question={question} />
            {card && (
              <p className="hint card-due">
                {t('review.cardDue', { date: formatDate(lang, card.due) })}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
