import EventModel
import Foundation
import Security

extension Commands {
    /// The commands that set up a region's trust: root keys, genesis, node keys, enrolment, users.
    static let securityCommands: [any Command.Type] = [
        MunicipalityCommand.self, RegionCommand.self, KeyCommand.self, EnrolCommand.self, RevokeCommand.self,
        UserCommand.self,
    ]
}

/// SecurityCLI holds what the security commands share: error mapping and argument readers.
enum SecurityCLI {
    /// Runs `body`, turning a `SecurityError` into a CLI error with the documented exit code.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as SecurityError {
            switch error {
            case .malformedKey, .malformedDocument, .invalidUser:
                throw CLIError(code: .refusedInput, message: error.description)
            case .keyFileTooOpen: throw CLIError(code: .nodeState, message: error.description)
            case .file, .crypto: throw CLIError(code: .storage, message: error.description)
            }
        }
    }

    /// The subcommand word, or a usage error listing the choices.
    static func subcommand(_ words: [String], of command: String, choices: [String]) throws -> (String, [String]) {
        guard let first = words.first, choices.contains(first) else {
            throw CLIError.usage("say which: \(choices.joined(separator: ", "))", command: command)
        }
        return (first, Array(words.dropFirst()))
    }

    static func municipality(_ text: String) throws -> MunicipalityCode {
        guard let code = MunicipalityCode(text: text) else {
            let known = Municipality.members.map { "\($0.code) (\($0.swedishName))" }.joined(separator: ", ")
            throw CLIError(code: .refusedInput, message: "'\(text)' is not a member municipality; use one of \(known)")
        }
        return code
    }

    static func origin(_ text: String) throws -> Origin {
        guard let origin = Origin(text) else {
            throw CLIError(
                code: .refusedInput, message: "'\(text)' is not an origin; write node.incarnation, e.g. krs-laptop.1")
        }
        return origin
    }

    /// A public key given as 64 hex digits or as a file holding hex or PEM.
    static func publicKey(_ text: String) throws -> PublicKey {
        if let key = PublicKey(hex: text) { return key }
        return try PublicKey(contentsOfFile: text)
    }

    /// One line from standard input without its newline: secrets never go on the command line.
    static func secretFromStandardInput() throws -> String {
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIError(
                code: .usage, message: "no secret: write it on standard input (it is never taken as an option)")
        }
        return line
    }
}
