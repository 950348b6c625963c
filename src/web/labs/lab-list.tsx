// The list of labs: title, the concepts each makes tangible, a link to its page.
import { Link } from 'react-router-dom';
import { labs } from '../../labs/catalogue.ts';
import texts from './texts.json';
import './labs.css';

export function LabList({ lang }: { lang: 'ja' | 'en' }) {
  return (
    <section className="lab-list" aria-label={texts.ui[lang].labs}>
      <h1>{texts.ui[lang].labs}</h1>
      <ul data-testid="lab-list">
        {labs.map((l) => (
          <li key={l.id} data-lab={l.id}>
            <Link to={`/labs/${l.id}`}>{l.title[lang]}</Link>
            <span className="lab-concepts">{l.concepts.join(' · ')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
