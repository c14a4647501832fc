import { HashingQueue } from './hashing-queue.service'

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('HashingQueue', () => {
  test('runs at most `concurrency` tasks, queues `maxWaiting` in order, refuses the rest at once', async () => {
    const queue = Object.assign(new HashingQueue(), { concurrency: 2, maxWaiting: 2 })
    const gates = Array.from({ length: 5 }, gate)
    const started: number[] = []
    const runs = gates.map((g, i) => queue.run(async () => (started.push(i), await g.opened, i)))
    expect([runs.map((run) => run !== undefined), started, queue.load]).toStrictEqual([
      [true, true, true, true, false],
      [0, 1],
      { running: 2, waiting: 2 },
    ])
    gates[1].open()
    await runs[1]
    await Promise.resolve()
    expect([started, queue.load]).toStrictEqual([[0, 1, 2], { running: 2, waiting: 1 }])
    gates.forEach((g) => g.open())
    expect(await Promise.all(runs.slice(0, 4))).toStrictEqual([0, 1, 2, 3])
    expect(queue.load).toStrictEqual({ running: 0, waiting: 0 })
  })

  test('a task that throws frees its slot and passes its error on', async () => {
    const queue = Object.assign(new HashingQueue(), { concurrency: 1, maxWaiting: 1 })
    const failing = queue.run(async () => {
      throw new Error('boom')
    })
    const next = queue.run(async () => 'next')
    await expect(failing).rejects.toThrow('boom')
    expect([await next, queue.load]).toStrictEqual(['next', { running: 0, waiting: 0 }])
  })
})
