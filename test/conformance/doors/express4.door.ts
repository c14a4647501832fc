import cookieParser from 'cookie-parser'
import type express from 'express'

import { createExpressDoor } from './express.door'

// Express 4 is installed under the alias `express4`; its API is the one these routes use.
const express4: typeof express = require('express4')

export const express4Door = createExpressDoor('express 4', express4)
export const express4CookieParserDoor = createExpressDoor('express 4 + cookie-parser', express4, cookieParser())
