// One self-check question: a choice question (radio options) or a numeric one (a number box), or a
// lab's generated exercise. The answer goes to POST /api/reviews, which grades it and schedules the
// next review (FSRS); then the right option and every option's explanation are shown.
import { useId, useState, type FormEvent } from 'react';
import type { LabExerciseDto, QuestionDto, ReviewResultDto } from '../../shared/api.ts';
import { ApiFailure, api } from '../api.ts';
import { useLocale } from '../i18n/index.ts';
import { Markdown, MarkdownInline } from './markdown.tsx';
import { formatDate } from './badges.tsx';

export function QuestionCard({
  item,
  question,
  lab,
  onAnswered,
  headingLevel = 3,
}: {
  item: string;
  question?: QuestionDto;
  lab?: LabExerciseDto;
  onAnswered?: (r: ReviewResultDto) => void;
  headingLevel?: 2 | 3;
}) {
  const { t, l, lang } = useLocale();
  const id = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const [result, setResult] = useState<ReviewResultDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const isChoice = question?.kind === 'choice';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (result || sending) return;
    let answer: string | number;
    if (isChoice) {
      if (!choice) return setError(t('review.pickOne'));
      answer = choice;
    } else {
      const n = Number(number.replace(',', '.').trim());
      if (number.trim() === '' || !Number.isFinite(n)) return setError(t('review.enterNumber'));
      answer = n;
    }
    setSending(true);
    setError(null);
    try {
      const r = await api.answer(lab ? { item, seed: lab.seed, answer } : { item, answer });
      setResult(r);
      onAnswered?.(r);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };

  const reveal = result?.reveal;
  const prompt = question ? l(question.prompt) : lab ? l(lab.question) : item;

  return (
    <form
      className="question card"
      onSubmit={(e) => void submit(e)}
      data-item={item}
      aria-labelledby={`${id}-q`}
    >
      {lab && <p className="question-source">{t('review.fromLab', { title: l(lab.title) })}</p>}
      <Heading id={`${id}-q`} className="question-prompt">
        <MarkdownInline source={prompt} />
      </Heading>
      {isChoice && question.kind === 'choice' ? (
        <fieldset className="options" disabled={!!result}>
          <legend className="visually-hidden">{t('review.options')}</legend>
          {question.options.map((o) => {
            const r =
              reveal?.kind === 'choice' ? reveal.options.find((x) => x.id === o.id) : undefined;
            const cls = r ? (r.correct ? ' right' : o.id === choice ? ' wrong' : '') : '';
            return (
              <div key={o.id} className={`option${cls}`} data-option={o.id}>
                <label>
                  <input
                    type="radio"
                    name={`${id}-choice`}
                    value={o.id}
                    checked={choice === o.id}
                    onChange={() => setChoice(o.id)}
                  />
                  <span>
                    <MarkdownInline source={l(o.text)} />
                  </span>
                  {r?.correct && <span className="option-mark">{t('review.rightOption')}</span>}
                  {r && !r.correct && o.id === choice && (
                    <span className="option-mark">{t('review.yourChoice')}</span>
                  )}
                </label>
                {r && <Markdown source={l(r.explanation)} className="explanation" />}
              </div>
            );
          })}
        </fieldset>
      ) : (
        <label className="field numeric-answer">
          <span>
            {t('review.yourAnswer')}
            {question?.kind === 'numeric' && question.unit ? `（${question.unit}）` : ''}
          </span>
          <input
            type="text"
            inputMode="decimal"
            name="answer"
            value={number}
            disabled={!!result}
            onChange={(e) => setNumber(e.target.value)}
            autoComplete="off"
          />
        </label>
      )}
      {!result && (
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={sending}>
            {t('review.check')}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {error && <p className="error-text">{error}</p>}
        {result && (
          <div
            className={`verdict ${result.correct ? 'right' : 'wrong'}`}
            data-testid="verdict"
            data-correct={result.correct}
          >
            <p className="verdict-title">
              {result.correct ? t('review.correct') : t('review.incorrect')}
            </p>
            {reveal?.kind === 'numeric' && (
              <>
                <p>{t('review.answerWas', { answer: reveal.answer, unit: reveal.unit ?? '' })}</p>
                <Markdown source={l(reveal.explanation)} className="explanation" />
              </>
            )}
            {reveal?.kind === 'lab' && (
              <p>{t('review.answerWas', { answer: reveal.expected, unit: '' })}</p>
            )}
            <p className="hint">
              {t('review.nextDue', { date: formatDate(lang, result.nextDue) })}
            </p>
          </div>
        )}
      </div>
    </form>
  );
}
