import { QueryClient } from '@tanstack/react-query';

/** The app's one cache of API answers (the first-page prefetch fills it before React renders). */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 15_000, refetchOnWindowFocus: false, retry: 1 } },
});
