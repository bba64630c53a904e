/**
 * A value quoted in a message, cut to a readable length: an error about a 10 MB field names the
 * field and shows its start, never the whole of it.
 */
export function excerpt(value: unknown, max = 60): string {
  const isText = typeof value === 'string';
  const text = isText ? value : (JSON.stringify(value) ?? String(value));
  if (text.length <= max) return isText ? JSON.stringify(text) : text;
  let cut = text.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // not half a character
  return `${isText ? JSON.stringify(cut) : cut}… (${text.length} characters)`;
}

/** Text cut to `max` characters for a message, unquoted (for messages of our own libraries). */
export function clip(text: string, max = 120): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
