extension Commands {
    /// The commands that run a node and sync it with peers.
    static let nodeCommands: [any Command.Type] = []
}
