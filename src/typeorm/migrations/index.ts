import { JwtHooksIdentities1767225600002 } from './jwt-hooks-identities'
import { JwtHooksReplay1767225600003 } from './jwt-hooks-replay'
import { JwtHooksStores1767225600001 } from './jwt-hooks-stores'
import { JwtHooksUsers1767225600000 } from './jwt-hooks-users'

/**
 * The package's migrations for PostgreSQL, oldest first: the tables of `User`, `Group` and
 * `Permission`, then those of `STORE_ENTITIES`, then `KeyIdentity`'s, then the replay guard's
 * (`auth_replay`). The demo and the CLI run them on a PostgreSQL database of `ormconfig.json`
 * unless it says `"synchronize": true` or names migrations of its own.
 * Not exported from the package root: an app names their built files (README, PostgreSQL).
 * @example
 * new DataSource({ type: 'postgres', url, entities: [User, Group, Permission, ...STORE_ENTITIES], migrations: POSTGRES_MIGRATIONS, migrationsRun: true })
 */
export const POSTGRES_MIGRATIONS = [JwtHooksUsers1767225600000, JwtHooksStores1767225600001, JwtHooksIdentities1767225600002, JwtHooksReplay1767225600003]
