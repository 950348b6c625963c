// A generated exercise: the seed makes the inputs, the learner answers, the lab's own function checks.
import { useMemo, useState } from 'react';
import type { LabDef } from '../../labs/catalogue.ts';
import type { ExerciseCheck } from '../../labs/params.ts';
import texts from './texts.json';

/**
 * Records the answer for spaced repetition (POST /api/reviews, item `lab:<id>`). A numeric answer
 * goes with its seed, so the server grades it with the same lab function; an answer that is not a
 * number is recorded as wrong (`correct: false`). Fire and forget: a missing route (404), an offline
 * server or a static build changes nothing on the page.
 */
function recordReview(labId: string, seed: number, answer: number, correct: boolean): void {
  if (typeof fetch !== 'function') return;
  const body = Number.isFinite(answer)
    ? { item: `lab:${labId}`, seed, answer }
    : { item: `lab:${labId}`, correct };
  fetch('/api/reviews', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {});
}

export function ExercisePanel({ lab, lang }: { lab: LabDef; lang: 'ja' | 'en' }) {
  const ui = texts.ui[lang];
  const [seed, setSeed] = useState(1);
  const [answer, setAnswer] = useState('');
  const [result, setResult] = useState<ExerciseCheck | null>(null);
  const ex = useMemo(() => lab.exercise(seed), [lab, seed]);
  return (
    <section className="lab-exercise" aria-label={ui.exercise}>
      <h2>{ui.exercise}</h2>
      <p className="lab-question">{ex.question[lang]}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const given = Number(answer.trim() === '' ? NaN : answer);
          const r = ex.check(given);
          setResult(r);
          recordReview(lab.id, seed, given, r.correct);
        }}
      >
        <label>
          {ui.answer}{' '}
          <input
            name="answer"
            inputMode="decimal"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
        </label>
        <button type="submit">{ui.check}</button>
        <button
          type="button"
          onClick={() => {
            setSeed((s) => s + 1);
            setAnswer('');
            setResult(null);
          }}
        >
          {ui.newExercise}
        </button>
      </form>
      {result && (
        <p className={result.correct ? 'lab-correct' : 'lab-wrong'} role="status">
          {result.correct
            ? ui.correct
            : `${ui.wrong} ${Number.isInteger(result.expected) ? result.expected : result.expected.toFixed(4)}`}
        </p>
      )}
    </section>
  );
}
