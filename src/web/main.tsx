// Entry point of the web app: i18n, styles, and the routes.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import 'katex/dist/katex.min.css';
import './styles.css';
import { initI18n } from './i18n/index.ts';
import { Layout } from './components/layout.tsx';
import { NotFound } from './components/states.tsx';
import { HomePage } from './views/home.tsx';
import { RoadmapPage } from './views/roadmap.tsx';
import { ConceptPage } from './views/concept.tsx';
import { GuidesPage, GuidePage } from './views/guides.tsx';

initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<HomePage />} />
          <Route path="roadmaps/:id" element={<RoadmapPage />} />
          <Route path="concepts/:id" element={<ConceptPage />} />
          <Route path="guides" element={<GuidesPage />} />
          <Route path="guides/:id" element={<GuidePage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
