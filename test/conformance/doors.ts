import { foalDoor } from './doors/foal.door'
import type { Door } from './routes'

/** Every door the conformance suite runs against: adding a door is one line here. */
export const DOORS: Door[] = [foalDoor]
