import { Badge } from '@mantine/core';
import { complianceLabel, stateColor } from './labels';

/** A state as a coloured badge whose text says the state (colour is never the only cue). */
export function StateBadge({ state, label }: { state: string; label?: string }) {
  return <Badge color={stateColor(state)} variant="light" radius="sm">{label ?? complianceLabel(state)}</Badge>;
}
