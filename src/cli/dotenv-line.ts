// What parseDotenv reads back inside double quotes: these four, escaped; nothing else is touched.
const ESCAPED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r' }

/**
 * One `.env` line that parseDotenv reads back to exactly `value`. A value without line breaks or
 * `'` is single-quoted (taken as is: a JSON key set stays readable); any other, a PEM say, is
 * double-quoted on one line with `\n` escapes (parse-dotenv.ts reads one line per value).
 * @param name the variable, `SETTINGS_JWT_PRIVATE_KEY`.
 * @param value any text.
 */
export function dotenvLine(name: string, value: string): string {
  if (/^[A-Za-z0-9_.+/=:-]+$/.test(value)) return `${name}=${value}`
  if (!/['\r\n]/.test(value)) return `${name}='${value}'`
  return `${name}="${value.replace(/[\\"\n\r]/g, (c) => ESCAPED[c])}"`
}
