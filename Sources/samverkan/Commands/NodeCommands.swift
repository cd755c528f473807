extension Commands {
    /// The commands that run a node and sync it with peers.
    static let nodeCommands: [any Command.Type] = [ServeCommand.self, SyncCommand.self, PeersCommand.self]
}
