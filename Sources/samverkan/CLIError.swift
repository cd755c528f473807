import EventLog
import EventModel

/// CLIError is a reason a command stops, with the exit code an operator's script can test.
struct CLIError: Error, CustomStringConvertible {
    /// Exit codes, documented in the README.
    enum Code: Int32 {
        case faultsFound = 1
        case usage = 2
        case refusedInput = 3
        case nodeState = 4
        case conflict = 5
        case storage = 6
    }

    let code: Code
    let message: String

    var description: String { message }

    static func usage(_ message: String, command: String) -> CLIError {
        CLIError(code: .usage, message: "\(message) (see `samverkan \(command) --help`)")
    }

    /// Maps any error from the lower layers to a sentence and an exit code.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as EnvelopeError: return CLIError(code: .refusedInput, message: "invalid event: \(error)")
        case let error as EventLogError:
            switch error {
            case .notInitialised, .alreadyInitialised, .newerSchema, .ownChainForked:
                return CLIError(code: .nodeState, message: error.description)
            case .invalidEvent, .refusedContent, .channelNotWritable:
                return CLIError(code: .refusedInput, message: error.description)
            case .wrongExpectedVersion: return CLIError(code: .conflict, message: error.description)
            case .corruptRow, .database: return CLIError(code: .storage, message: error.description)
            }
        case let error as DatabaseError:
            let hint = error.isBusy ? " (another process holds the log; retry)" : ""
            return CLIError(code: .storage, message: "database failure: \(error)\(hint)")
        default:
            return CLIError(code: .storage, message: "\(error)")
        }
    }
}
