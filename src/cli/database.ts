// What the database commands use. It loads FoalTS and TypeORM, so it is imported only when one of
// them runs, once run-cli has checked that they are installed (Command.needs).
import 'reflect-metadata'

export { isEmail } from 'class-validator'
export { createDataSource } from '../typeorm/data-source'
export { Group } from '../typeorm/group.entity'
export { KeyIdentity } from '../typeorm/key-identity.entity'
export { Permission } from '../typeorm/permission.entity'
export { User } from '../typeorm/user.entity'
export { findPermissions } from './find-permissions'
export { findUser } from './find-user'
export { isUniqueViolation } from './is-unique-violation'
