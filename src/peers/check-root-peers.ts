import { FOAL_AND_TYPEORM } from './foal-and-typeorm'
import { requirePeers } from './require-peers'

// Imported first by the package root: without FoalTS or TypeORM, say what to install (or which
// entry needs neither) before the first require of one fails with a bare MODULE_NOT_FOUND.
requirePeers(
  'the package root jwt-hooks (FoalTS hooks, LoginController, TypeORM entities and stores)',
  FOAL_AND_TYPEORM,
  'An Express, Koa, Fastify or node:http app needs none of them: use jwt-hooks/express, jwt-hooks/koa, jwt-hooks/fastify or jwt-hooks/http.',
)
