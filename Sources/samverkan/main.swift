#if canImport(Glibc)
    import Glibc
#endif

// Never let a peer that hangs up kill the process (see ARCHITECTURE.md, Runtime).
signal(SIGPIPE, SIG_IGN)
// A parent (a test runner, a service manager) may have blocked SIGINT/SIGTERM and the mask is
// inherited across exec; `serve` must still hear them to shut down gracefully.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
sigaddset(&stopSignals, SIGINT)
sigaddset(&stopSignals, SIGTERM)
sigprocmask(SIG_UNBLOCK, &stopSignals, nil)

let words = Array(CommandLine.arguments.dropFirst())
guard let name = words.first, !["--help", "-h", "help"].contains(name) else {
    if words.count >= 2, let command = Commands.all.first(where: { $0.name == words[1] }) {
        Output.line(command.help)
    } else {
        Output.line(Commands.usage)
    }
    exit(words.isEmpty ? CLIError.Code.usage.rawValue : 0)
}
guard let command = Commands.all.first(where: { $0.name == name }) else {
    Output.error("unknown command '\(name)'; run `samverkan --help` for the list")
    exit(CLIError.Code.usage.rawValue)
}
let rest = Array(words.dropFirst())
if rest.contains("--help") || rest.contains("-h") {
    Output.line(command.help)
    exit(0)
}
do {
    try command.run(rest)
} catch {
    let failure = CLIError.from(error)
    Output.error(failure.message)
    exit(failure.code.rawValue)
}
