import { HashRouter, Route, Routes } from 'react-router';
import { Layout } from './ui/Layout';
import { LandingPage } from './pages/LandingPage';
import { LabPage } from './pages/LabPage';
import { BlocksPage } from './pages/BlocksPage';
import { ZooPage } from './pages/ZooPage';
import { LessonsPage } from './pages/LessonsPage';
import { LessonPage } from './pages/lessons/LessonPage';
import { NotFoundPage } from './pages/NotFoundPage';

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
        <Route path="lessons/:slug" element={<LessonPage />} />
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
