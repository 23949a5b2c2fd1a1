/** A portal notice's `{time}` written in the browser's local time (the server does not know the user's zone). */
export function noticeText(notice: { text: string; at: string | null }, format: (d: Date) => string = (d) => d.toLocaleString()): string {
  return notice.at ? notice.text.replace('{time}', format(new Date(notice.at))) : notice.text;
}
