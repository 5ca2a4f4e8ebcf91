import { lazy, Suspense } from 'react';
import { HashRouter, Route, Routes } from 'react-router';
import { Layout } from './ui/Layout';
import { LandingPage } from './pages/LandingPage';
import { LabPage } from './pages/LabPage';
import { BlocksPage } from './pages/BlocksPage';
import { ZooPage } from './pages/ZooPage';
import { LessonsPage } from './pages/LessonsPage';
import { NotFoundPage } from './pages/NotFoundPage';

// A lesson page brings KaTeX (its fonts and ~270 kB of script): loaded when a lesson opens.
const LessonPage = lazy(() => import('./pages/lessons/LessonPage').then((m) => ({ default: m.LessonPage })));

/** The route table. Paths must match the nav entries in ui/navEntries.ts. */
export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<LandingPage />} />
        <Route path="lab" element={<LabPage />} />
        <Route path="blocks" element={<BlocksPage />} />
        <Route path="zoo" element={<ZooPage />} />
        <Route path="lessons" element={<LessonsPage />} />
        <Route
          path="lessons/:slug"
          element={
            <Suspense fallback={<p role="status">Loading the lesson…</p>}>
              <LessonPage />
            </Suspense>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

/**
 * Hash routing (`#/lab`) because ResLab ships as static files: any host, any folder,
 * no server rewrite rules, and a deep link still lands on the right page.
 */
export function App() {
  return (
    <HashRouter>
      <AppRoutes />
    </HashRouter>
  );
}
