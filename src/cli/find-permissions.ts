import { In } from 'typeorm'

import { Permission } from '../typeorm/permission.entity'
import { CliError } from './cli-error'

/**
 * The permissions of these code names, in the order given. The DataSource must be open.
 * @throws CliError naming every code name that has no permission.
 */
export async function findPermissions(codeNames: readonly string[]): Promise<Permission[]> {
  if (codeNames.length === 0) return []
  const found = new Map((await Permission.findBy({ codeName: In([...codeNames]) })).map((permission) => [permission.codeName, permission]))
  const missing = codeNames.filter((codeName) => !found.has(codeName))
  if (missing.length > 0) throw new CliError(`no permission with code name ${missing.join(', ')} (create it with create-permission)`)
  return codeNames.map((codeName) => found.get(codeName)!)
}
