const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

/**
 * Parses a `.env` file: `KEY=value` lines, `#` comments, single or double quotes,
 * and `\n` escapes inside double quotes (how a PEM key fits on one line).
 * @throws Error with the line number for a line that is not `KEY=value`.
 */
export function parseDotenv(text: string): Map<string, string> {
  const values = new Map<string, string>()
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const match = LINE.exec(line)
    if (match === null) throw new Error(`line ${i + 1} is not KEY=value`)
    values.set(match[1], unquote(match[2]))
  }
  return values
}

function unquote(raw: string): string {
  const quote = raw[0]
  if ((quote === '"' || quote === "'") && raw.length > 1 && raw.endsWith(quote)) {
    const inner = raw.slice(1, -1)
    return quote === "'" ? inner : inner.replace(/\\(.)/g, (all, c: string) => ESCAPES[c] ?? all)
  }
  // An unquoted value ends at a comment.
  const hash = raw.indexOf(' #')
  return hash === -1 ? raw : raw.slice(0, hash).trimEnd()
}
