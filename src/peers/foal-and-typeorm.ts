/**
 * The optional peer dependencies that the FoalTS and TypeORM parts load: the package root
 * (hooks, LoginController, entities, TypeORM stores), the demo server and the CLI's database
 * commands. The doors (`jwt-hooks/express`, `/koa`, `/fastify`, `/http`) load none of them.
 */
export const FOAL_AND_TYPEORM = ['@foal/core', 'typeorm', 'reflect-metadata', 'class-validator', 'class-transformer'] as const
