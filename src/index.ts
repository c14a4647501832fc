import 'reflect-metadata'

export { JWTRequired } from './foal/jwt-required.hook'
export { JWTOptional } from './foal/jwt-optional.hook'
export { isInFile } from './blacklist/is-in-file'
export { fetchUser } from './typeorm/fetch-user'
export { User } from './typeorm/user.entity'
export { createConfiguredAuthenticator as createAuthenticator } from './config/create-configured-authenticator'
export type { JWTOptions, VerifyOptions } from './core/types'
