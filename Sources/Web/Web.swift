// Placeholder until the web pages land.
