/**
 * CSV for people who open it in a spreadsheet: RFC 4180 quoting, and any cell a spreadsheet would
 * run as a formula (starting with = + - @, a tab or a carriage return) prefixed with a single
 * quote, so that a value a source system sent can never execute (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === undefined || value === null ? '' : String(value);
  // a number is data, not a formula: -0.02 stays -0.02
  if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
