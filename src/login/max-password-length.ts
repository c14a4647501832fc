/** Longest password accepted: enough for any passphrase, bounded so a body cannot be made to hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256
