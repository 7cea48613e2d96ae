import ArgumentParser
import TwilioJWT

/// `twilio-token lint`: checks a token against the rules Twilio applies, without checking its signature.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a token against Twilio's rules, with the error code Twilio would report.",
        discussion: """
            Checks alg/cty/typ, iss and sub, the lifetime (at most 24 hours), expiry and clock skew against --now, \
            identity rules per grant, the region, and capability/access-token mix-ups. The signature is not \
            checked (use `verify`). Exit status 0 when clean, 1 when there are findings.

            Example:
              twilio-token lint "$TOKEN"
            """
    )

    @Argument(help: ArgumentHelp("The token, or - (the default) to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let now = try self.clock.now()
        let text = try readToken(self.token)
        let findings: [Diagnostic]
        do {
            findings = try UnverifiedToken(decoding: text).lint(at: now)
        } catch {
            findings = [Diagnostic(.warning, field: "token", twilioErrorCode: 20101, error.message)]
        }
        if self.output.json {
            print(JSONValue.object(["clean": .bool(findings.isEmpty), "findings": .array(findings.map(\.json))]))
        } else if findings.isEmpty {
            print("clean: no findings")
        } else {
            for finding in findings { print(finding) }
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}
