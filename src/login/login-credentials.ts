import { IsEmail, IsNotEmpty, IsString, MaxLength } from 'class-validator'

import { MAX_PASSWORD_LENGTH } from './max-password-length'

// RFC 5321 §4.5.3.1.3: a path holds at most 256 octets, so an address at most 254.
const MAX_EMAIL_LENGTH = 254

/** The body of `POST /login`. */
export class LoginCredentials {
  @IsEmail()
  @MaxLength(MAX_EMAIL_LENGTH)
  email!: string

  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string
}
