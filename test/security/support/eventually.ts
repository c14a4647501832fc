/**
 * Asks again until `done` holds or `ms` pass, for what changes asynchronously (a file watch);
 * returns every answer seen, so a test can check none of them was wrong on the way.
 * @throws when `done` never held: the last answer is in the message.
 */
export async function until<T>(ask: () => Promise<T>, done: (answer: T) => boolean, ms = 10_000): Promise<T[]> {
  const deadline = Date.now() + ms
  const seen: T[] = []
  for (;;) {
    const answer = await ask()
    seen.push(answer)
    if (done(answer)) return seen
    if (Date.now() > deadline) throw new Error(`not done within ${ms} ms; last answer ${JSON.stringify(answer)}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
