import { addToGroup } from './add-to-group'
import type { Command } from './command'
import { createGroup } from './create-group'
import { createPermission } from './create-permission'
import { grant } from './grant'
import { listPermissions } from './list-permissions'
import { revokePermission } from './revoke-permission'

/** The commands that manage permissions and groups (Permission, Group, UserWithPermissions). */
export const PERMISSION_COMMANDS: readonly Command[] = [createPermission, createGroup, addToGroup, grant, revokePermission, listPermissions]
