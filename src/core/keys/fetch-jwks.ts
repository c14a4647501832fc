/** How a key set is fetched: normalized options of `createRemoteJwks`. */
export interface FetchLimits {
  timeoutMs: number
  maxBytes: number
}

/** A fetch of a key set that failed, with what went wrong (never the body). */
export class JwksFetchError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'JwksFetchError'
  }
}

/**
 * Fetches a key set's JSON, bounded in time (the whole answer, body included) and in size.
 * Redirects are not followed: the URL configured is the only one ever asked.
 * @throws JwksFetchError for no answer in time, a status other than 200, a body too large or not JSON.
 */
export async function fetchJwks(url: URL, limits: FetchLimits): Promise<unknown> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let response: Response
  try {
    response = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/json' } })
  } catch (error) {
    throw failed(error, limits)
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined)
    throw new JwksFetchError(`answered ${response.status}`)
  }
  const declared = Number(response.headers.get('content-length') ?? 0)
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge(limits.maxBytes)
  }
  let text: string
  try {
    text = await readBounded(response, limits.maxBytes)
  } catch (error) {
    throw failed(error, limits)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new JwksFetchError('its body is not JSON')
  }
}

// A body is read only up to maxBytes, whatever Content-Length said (or did not say).
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function tooLarge(maxBytes: number): JwksFetchError {
  return new JwksFetchError(`its body is larger than ${maxBytes} bytes`)
}

function failed(error: unknown, limits: FetchLimits): JwksFetchError {
  if (error instanceof JwksFetchError) return error
  const name = (error as Error)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return new JwksFetchError(`no answer within ${limits.timeoutMs} ms`)
  const cause = (error as { cause?: { code?: string } })?.cause?.code
  return new JwksFetchError(`unreachable (${cause ?? (error as Error)?.message ?? String(error)})`)
}
