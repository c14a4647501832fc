import type { Redis } from 'ioredis'

/** A Lua script bound to a connection: call it with its ARGV (it declares no KEYS). */
export type Script = (...args: (string | number)[]) => Promise<unknown>

/**
 * Binds a Lua script to a connection with ioredis `defineCommand`: sent by EVALSHA, and by EVAL
 * when Redis does not hold it (a restarted Redis has an empty script cache). Redis runs a script
 * to its end before any other command, which is what decides every race of these stores.
 *
 * The scripts build their key names from the prefix they are given rather than taking KEYS, so
 * they run on a single Redis (or a Sentinel-managed primary), not on Redis Cluster.
 * @param name a name unique to the script (it becomes a method of the connection).
 */
export function defineScript(redis: Redis, name: string, lua: string): Script {
  redis.defineCommand(name, { numberOfKeys: 0, lua })
  const command = (redis as unknown as Record<string, Script>)[name]
  return (...args) => command.apply(redis, args)
}
