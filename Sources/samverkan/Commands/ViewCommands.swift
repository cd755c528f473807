extension Commands {
    /// The commands that read views and record what coordinators record.
    static let viewCommands: [any Command.Type] = [
        ProgrammeCommand.self, ViewCommand.self, DigestCommand.self, RebuildCommand.self, RecordCommand.self,
        ReportCommand.self, DemoCommand.self,
    ]
}
