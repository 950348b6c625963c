// Entry point of the web app: i18n, styles, and the routes.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import 'katex/dist/katex.min.css';
import './styles.css';
import { initI18n } from './i18n/index.ts';
import { Layout } from './components/layout.tsx';
import { Loading, NotFound } from './components/states.tsx';
import { HomePage } from './views/home.tsx';
import { RoadmapPage } from './views/roadmap.tsx';
import { ConceptPage } from './views/concept.tsx';
import { GuidesPage, GuidePage } from './views/guides.tsx';
import { PlanPage } from './views/plan.tsx';
import { LogPage } from './views/log.tsx';
import { ReviewPage } from './views/review.tsx';
import { SearchPage } from './views/search.tsx';

initI18n();

// The labs (the tensor engine, every lab, KaTeX) load with their first page; the real tokenizers'
// encodings only on the tokenization lab (src/web/labs/training.ts).
const LabPage = lazy(() => import('./labs/index.ts').then((m) => ({ default: m.LabPage })));
const LabList = lazy(() => import('./labs/index.ts').then((m) => ({ default: m.LabList })));
const GptPage = lazy(() => import('./gpt/gpt-page.tsx').then((m) => ({ default: m.GptPage })));

const useLang = () => (useTranslation().i18n.language === 'en' ? 'en' : 'ja');

function LabListRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <LabList lang={useLang()} />
    </Suspense>
  );
}

function GptRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <GptPage lang={useLang()} />
    </Suspense>
  );
}

function LabRoute() {
  const { id } = useParams();
  return (
    <Suspense fallback={<Loading />}>
      <LabPage id={id!} lang={useLang()} />
    </Suspense>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="roadmaps/:id" element={<RoadmapPage />} />
          <Route path="roadmaps/:id/plan" element={<PlanPage />} />
          <Route path="concepts/:id" element={<ConceptPage />} />
          <Route path="log" element={<LogPage />} />
          <Route path="review" element={<ReviewPage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="guides" element={<GuidesPage />} />
          <Route path="guides/:id" element={<GuidePage />} />
          <Route path="labs" element={<LabListRoute />} />
          <Route path="labs/:id" element={<LabRoute />} />
          <Route path="gpt" element={<GptRoute />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
