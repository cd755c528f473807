extension Commands {
    /// The commands an operator uses to keep a node: backups, restores, configuration.
    static let operationsCommands: [any Command.Type] = [BackupCommand.self, RestoreCommand.self, ConfigCommand.self]
}
