/** Quotes `text` as one POSIX shell word, so it can be pasted into sh, bash or zsh unchanged. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) {
    return text;
  }

  return `'${text.replaceAll("'", "'\\''")}'`;
}
