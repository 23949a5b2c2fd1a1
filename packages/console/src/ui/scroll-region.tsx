import type { ReactNode } from 'react';
import { Box } from '@mantine/core';

/**
 * A wide table's horizontal scroll container, reachable with the keyboard (tabIndex 0 and a name),
 * so that a narrow screen can scroll it without a mouse (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%' }}>{children}</Box>;
}
