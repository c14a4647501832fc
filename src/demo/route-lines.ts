import type { AuthCookieSettings } from '../cookies/auth-cookie-settings'

/**
 * The demo's routes for its startup banner, and how to send the token as the routes read it: the
 * header, or in cookie mode the cookies.
 * @param cookies the cookie settings of cookie mode (the ones the routes use), or none.
 */
export function routeLines(cookies: AuthCookieSettings | undefined): string[] {
  const sessionRoutes = [
    '  POST /auth/refresh {"refreshToken"} -> the next {"accessToken","refreshToken","expiresAt","token"}',
    '  POST /auth/logout  Authorization: Bearer <token>, or {"refreshToken"} -> 204',
    '  POST /auth/tokens  X-API-Key: <key of jwt-hooks create-api-key>, {"userId"} -> tokens of a session of userId',
    '  POST /auth/challenge {"publicKey","caps"?} -> {"challenge","expiresAt"}: sign the challenge with the key',
    '  POST /auth/challenge/verify {"publicKey","challenge","signature"} -> tokens of a session of the key',
    "  POST /auth/pubky   a Pubky AuthToken's bytes (application/octet-stream) -> tokens of a session of its key",
    "  WS   /ws/userauth  Textile's loginWithChallenge: {\"type\":\"token\",\"pubkey\"} ... -> {\"type\":\"token\",\"value\":tokens}",
    "  GET|POST /link/<channel>  the relay of Pubky's auth flow",
    '  GET  /.well-known/jwks.json -> the public signing keys, for another service\'s jwksUrl',
  ]
  if (cookies === undefined) {
    return [
      '  POST /auth/login   {"email","password"} -> {"accessToken","refreshToken","expiresAt","token"}',
      ...sessionRoutes,
      '  GET  /api/me       Authorization: Bearer <token>',
      '  GET  /api/admin    Authorization: Bearer <token> of a user with the permission admin',
      '  GET  /api/hello    with or without a token',
    ]
  }
  const { access, refresh } = cookies
  return [
    '  GET  /             the demo page: open it in a browser to sign in',
    `  POST /auth/login   {"email","password"} -> {"accessToken","expiresAt","token"} and the cookies ${access.name}, ${refresh.name} (Path=${refresh.path}), XSRF-TOKEN`,
    `  POST /auth/refresh X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${refresh.name} -> the next cookies (or {"refreshToken"} -> the next TOKENS)`,
    `  POST /auth/logout  X-CSRF-Token: <XSRF-TOKEN>, Cookie: ${refresh.name} -> 204, the cookies cleared`,
    // Minting, the public-key sign-in (whose HTTP routes set the same cookies), the relay, the keys.
    ...sessionRoutes.slice(2),
    `  GET  /api/me       Cookie: ${access.name}=<token>`,
    `  GET  /api/admin    Cookie: ${access.name}=<token> of a user with the permission admin`,
    '  GET  /api/hello    with or without the cookie',
  ]
}
