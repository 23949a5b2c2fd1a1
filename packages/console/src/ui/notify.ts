import { notifications } from '@mantine/notifications';

/** A short notice at the top right (its close button named for screen readers). */
export function notify(message: string, options: { color?: 'green' | 'red'; title?: string } = {}): void {
  notifications.show({ message, color: options.color ?? 'green', ...(options.title ? { title: options.title } : {}), closeButtonProps: { 'aria-label': 'Close the notice' } });
}
