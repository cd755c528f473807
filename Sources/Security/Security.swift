// Placeholder until the security module lands.
