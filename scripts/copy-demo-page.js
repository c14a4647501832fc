// The demo page's files (HTML, script, style, icon) beside the built demo, which tsc does not copy:
// `npm start` from dist/ and from the published package serves them.
// Usage: node scripts/copy-demo-page.js [outDir] (default dist)
'use strict'
const { copyFileSync, mkdirSync, readdirSync } = require('node:fs')
const { join, resolve } = require('node:path')

const from = resolve(__dirname, '../src/demo/page')
const to = join(resolve(process.argv[2] ?? resolve(__dirname, '../dist')), 'demo/page')
const PAGE_FILE = /\.(html|js|css|svg)$/
mkdirSync(to, { recursive: true })
for (const name of readdirSync(from)) if (PAGE_FILE.test(name)) copyFileSync(join(from, name), join(to, name))
