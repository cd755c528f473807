// Placeholder until the projection store lands.
