// jws's shape test, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, once the two dots are
// found: no character outside base64url and the dots. A scan for one such character, not that
// pattern: backtracking over a token of megabytes overflows the regexp stack.
export const NOT_BASE64URL = /[^A-Za-z0-9_.-]/

// RFC 6750 §2.1: a header's token has no whitespace in it. Exactly the characters of \s
// (WhiteSpace and LineTerminator), spelled out: V8 scans this class twice as fast as \s.
export const WHITESPACE = /[\t-\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/
