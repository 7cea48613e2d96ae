import ArgumentParser

@main
struct TwilioToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twilio-token",
        abstract: "Mint, decode, verify and lint Twilio tokens.",
        discussion: """
            Mint commands print only the token, so TOKEN=$(twilio-token access …) works; --json prints the token \
            with its header and claims instead.

            Credentials come from flags, then --env-file, then the environment: TWILIO_ACCOUNT_SID, TWILIO_API_KEY, \
            TWILIO_API_SECRET, TWILIO_AUTH_TOKEN, TWILIO_REGION, and the quickstarts' ACCOUNT_SID, API_KEY, \
            API_KEY_SECRET / API_SECRET, AUTH_TOKEN, TWILIO_API_KEY_SID / TWILIO_API_KEY_SECRET. Secrets given as \
            flags are visible to other users in `ps`; prefer the environment or --api-secret-file / --auth-token-file.

            Exit status: 0 success, 1 failure (an invalid token, lint findings, an unreadable file), 64 usage errors.

            Examples:
              TOKEN=$(twilio-token access --env-file .env --identity alice --video)
              twilio-token decode "$TOKEN"
              twilio-token verify "$TOKEN" --env-file .env
              twilio-token taskrouter worker --workspace WS… --worker WK…
            """,
        version: "0.1.0",
        subcommands: [
            AccessCommand.self, CapabilityCommand.self, TaskRouterCommand.self, DecodeCommand.self,
            VerifyCommand.self, LintCommand.self, WebhookCommand.self,
        ]
    )

    /// Runs the tool with errors as one line on standard error and the exit statuses of the tool's contract:
    /// 0 success, 1 failure, 64 usage.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CLIError {
            Self.fail(error.message, status: error.status)
        } catch let exit as ExitCode {
            // A command that has already said why (lint prints its findings) and only sets the status.
            ProcessIO.exit(exit.rawValue)
        } catch {
            if Self.exitCode(for: error) == .success {
                Self.exit(withError: error)  // --help, --version, completion scripts
            }
            let status = Self.exitCode(for: error).rawValue
            Self.fail(Self.oneLine(Self.message(for: error)), status: status == 1 ? 1 : CLIError.usageStatus)
        }
    }

    /// Without a subcommand there is nothing to do: a usage error.
    func run() throws {
        Self.exitWithUsage(of: Self.self)
    }

    /// Prints the help of a command group run without a subcommand to standard error and exits with status 64,
    /// as for any other usage error (the help goes to standard output only when asked for with --help).
    static func exitWithUsage(of command: ParsableCommand.Type) -> Never {
        ProcessIO.writeError(Self.helpMessage(for: command) + "\n")
        ProcessIO.exit(CLIError.usageStatus)
    }

    /// Whether quoted text is safe to echo as an option name: it starts with '-' and has no long run without a
    /// '-' (a secret typed after `--` would be one run of 32 characters).
    static func looksLikeFlag(_ text: String) -> Bool {
        text.hasPrefix("-") && text.utf8.count <= 48
            && text.split(whereSeparator: { "- <>".contains($0) }).allSatisfy { $0.utf8.count <= 14 }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        ProcessIO.writeError("twilio-token: error: \(message)\n")
        ProcessIO.exit(status)
    }

    /// ArgumentParser's message on one line, with values it quotes redacted (they may be a secret typed in the
    /// wrong place); flag names, which start with '-', stay.
    static func oneLine(_ message: String) -> String {
        let firstLine = message.split(separator: "\n").first.map(String.init) ?? message
        var result = ""
        var inQuote = false
        var quoted = ""
        for character in firstLine {
            if character == "'" {
                if inQuote {
                    let described = describeValue(quoted)
                    result +=
                        Self.looksLikeFlag(quoted)
                        ? "'\(quoted)'" : described.hasPrefix("'") ? described : "<\(described)>"
                    quoted = ""
                }
                inQuote.toggle()
            } else if inQuote {
                quoted.append(character)
            } else {
                result.append(character)
            }
        }
        if inQuote { result += "'" + quoted }
        return result
    }
}
