// The entry script stays small (no React DOM, no Mantine): it starts the first page's requests at once,
// then loads the app (app/boot.tsx), whose code arrives while those requests are under way.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { queryClient } from './api/query-client';
import { startFirstPage } from './app/first-page';

startFirstPage(queryClient, window.location.pathname);
const { boot } = await import('./app/boot');
await boot();
