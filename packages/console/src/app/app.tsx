import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { queryClient } from '../api/query-client';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './routes';

// WCAG AA contrast (4.5:1 for text): the primary colour one shade darker than Mantine's default
// (white on indigo.7 is 5:1), and the text of the light variants (badges, alerts, light buttons,
// the active nav link) and of dimmed text darkened, since Mantine's defaults are about 3:1.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: { light: 7, dark: 8 }, defaultRadius: 'sm', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' });
const LIGHT_TEXT: Record<string, string> = {
  red: '#a61e1e', green: '#1e6b30', yellow: '#6e4300', orange: '#8a3a0a', indigo: '#2f44a8', gray: '#3d434a', blue: '#1c5aa3',
};
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#555c63', '--mantine-color-anchor': '#2f44a8', ...Object.fromEntries(Object.entries(LIGHT_TEXT).map(([c, v]) => [`--mantine-color-${c}-light-color`, v])) },
  dark: {},
});

/** The console: one app for admins (/) and end users (/portal). */
export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrast}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
