import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { preloadAdminPages, preloadFirstPage } from './routes';

/** Render the console into the page's #root, once the first page's module is there (see lazyPage). */
export async function boot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root element');
  // A chunk that fails to load is reported by the router's own lazy load, which retries it.
  await preloadFirstPage(window.location.pathname).catch(() => undefined);
  createRoot(root).render(<StrictMode><App /></StrictMode>);
  // The portal is one page for end users: the admin pages are not worth their download there.
  if (!window.location.pathname.startsWith('/portal')) preloadAdminPages();
}
