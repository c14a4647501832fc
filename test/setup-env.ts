// Tests decide their own keys: nothing from the developer's shell leaks in.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('SETTINGS_JWT_')) delete process.env[name]
}
