import { readPubkyCapabilities } from './read-pubky-capabilities'

describe('readPubkyCapabilities (pubky-common Capabilities deserialization)', () => {
  test.each([
    ['', ''],
    ['/pub/app/:rw', '/pub/app/:rw'],
    ['/pub/app/:wr', '/pub/app/:rw'],
    // invalid entries are dropped, untrimmed ones too
    ['/a:r,junk, /b:w,/c:x,/d:w', '/a:r,/d:w'],
    // one scope: actions merged
    ['/a:r,/a:w', '/a:rw'],
    // covered entries dropped, whichever comes first
    ['/pub/app/:rw,/pub/app/sub/:w', '/pub/app/:rw'],
    ['/pub/app/sub/:w,/pub/app/:rw', '/pub/app/:rw'],
    // a scope without a trailing slash covers only itself
    ['/pub/app:rw,/pub/app/x:r', '/pub/app:rw,/pub/app/x:r'],
    // a narrower action set is not covered by a broader scope lacking it
    ['/pub/:r,/pub/app/:w', '/pub/:r,/pub/app/:w'],
    // an empty grant is covered by anything over its scope
    ['/pub/x:,/pub/:r', '/pub/:r'],
    ['/pub/x:', '/pub/x:'],
  ])('%j reads as %j', (text, expected) => {
    expect(readPubkyCapabilities(text)).toBe(expected)
  })
})
