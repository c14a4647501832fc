// The demo page's one script: cookie mode (the tokens live in HttpOnly cookies this script never
// sees), the CSRF token echoed from the XSRF-TOKEN cookie, and a silent refresh when the access
// token has expired. No build step, no framework.
'use strict'

const CSRF_COOKIE = 'XSRF-TOKEN'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const $ = (id) => document.getElementById(id)
const form = $('login')
const signOutButton = $('signout')

/** The value of a cookie this script may read (only XSRF-TOKEN: the others are HttpOnly). */
function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq !== -1 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return undefined
}

/** One request: JSON in and out, cookies sent, the CSRF header on unsafe methods. */
async function api(path, method = 'GET', body) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const csrfToken = readCookie(CSRF_COOKIE)
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  })
  let data = null
  if ((response.headers.get('Content-Type') || '').includes('json')) data = await response.json().catch(() => null)
  return { status: response.status, data, retryAfter: Number(response.headers.get('Retry-After')) || 0 }
}

// The access cookie ends with its token, so an expired session shows as "no cookie" as often as
// "jwt expired"; the XSRF-TOKEN cookie lives as long as the session, so it says one may remain.
function accessExpired(answer) {
  const description = answer.data && answer.data.description
  if (answer.status === 401 && description === 'jwt expired') return true
  return answer.status === 400 && description === 'Auth cookie not found.' && readCookie(CSRF_COOKIE) !== undefined
}

// One refresh at a time, however many requests find their token expired.
let refreshing = null
function refresh() {
  refreshing = refreshing || api('/auth/refresh', 'POST', {}).finally(() => { refreshing = null })
  return refreshing
}

/** A request that refreshes the session once, silently, when the access token has expired. */
async function call(path, method, body) {
  const answer = await api(path, method, body)
  if (!accessExpired(answer)) return answer
  const refreshed = await refresh()
  return refreshed.status === 200 ? api(path, method, body) : answer
}

function show(state, { email = '', error = '' } = {}) {
  document.body.dataset.state = state
  $('title').textContent = state === 'signed-in' ? 'Welcome back' : 'Sign in'
  $('status').textContent = state === 'loading' ? 'Checking your session…' : ''
  form.hidden = state !== 'signed-out'
  $('session').hidden = state !== 'signed-in'
  $('me').textContent = email
  $('error').textContent = error
  $('error').hidden = error === ''
}

function inWords(seconds) {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/** What went wrong, in words a person reads. */
function explain(answer) {
  const code = answer.data && answer.data.code
  if (answer.status === 401 && code === 'invalid_credentials') return 'Wrong email or password.'
  if (answer.status === 429) {
    return answer.retryAfter ? `Too many failed attempts. Try again in ${inWords(answer.retryAfter)}.` : 'Too many failed attempts. Try again later.'
  }
  if (answer.status === 503) return `The server is busy. Try again in ${inWords(answer.retryAfter || 1)}.`
  if (answer.status === 400 && code === 'invalid_request') {
    if (answer.data.description === 'Authorization header not found.') return 'This page needs cookie mode: start the demo with SETTINGS_JWT_COOKIE=true.'
    return 'Enter your email address and your password.'
  }
  if (answer.status === 403 && code === 'invalid_csrf_token') return 'Your session could not be confirmed. Reload the page and try again.'
  if (answer.status === 401) return 'Your session has ended. Sign in again.'
  return `Something went wrong (HTTP ${answer.status}). Try again.`
}

const OFFLINE = 'Cannot reach the server. Check your connection and try again.'

/** Who is signed in: shows the email, or the form. */
async function loadMe() {
  let answer
  try {
    answer = await call('/api/me')
  } catch {
    return show('signed-out', { error: OFFLINE })
  }
  if (answer.status === 200) return show('signed-in', { email: answer.data.email })
  // No session at all is the ordinary signed-out page, not an error.
  const signedOut = answer.status === 400 && answer.data && answer.data.description === 'Auth cookie not found.'
  show('signed-out', { error: signedOut ? '' : explain(answer) })
}

async function busy(button, work) {
  button.disabled = true
  document.body.dataset.busy = 'true'
  try {
    await work()
  } finally {
    button.disabled = false
    delete document.body.dataset.busy
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault()
  const fields = new FormData(form)
  const body = { email: String(fields.get('email')).trim(), password: String(fields.get('password')) }
  void busy(form.querySelector('button'), async () => {
    let answer
    try {
      answer = await api('/auth/login', 'POST', body)
    } catch {
      return show('signed-out', { error: OFFLINE })
    }
    if (answer.status !== 200) return show('signed-out', { error: explain(answer) })
    form.reset()
    await loadMe()
  })
})

signOutButton.addEventListener('click', () => {
  void busy(signOutButton, async () => {
    let answer
    try {
      answer = await call('/auth/logout', 'POST', {})
    } catch {
      return show('signed-in', { email: $('me').textContent, error: OFFLINE })
    }
    if (answer.status === 204 || answer.status === 200) return show('signed-out')
    // A session that has ended already is signed out too.
    const code = answer.data && answer.data.code
    if (answer.status === 401 || code === 'invalid_grant' || (answer.data && answer.data.description === 'Auth cookie not found.')) {
      return show('signed-out', { error: 'Your session had already ended.' })
    }
    show('signed-in', { email: $('me').textContent, error: explain(answer) })
  })
})

void loadMe()
