import ArgumentParser
import TwilioJWT

/// `twilio-token decode`: prints what a token says, without checking its signature.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Show what a token says, without verifying it.",
        discussion: """
            Works on any JWT and says which kind of Twilio token it is. Times are shown in UTC with how far away \
            they are. The signature is NOT checked: use `verify` for that.

            Examples:
              twilio-token decode eyJhbGciOi…
              pbpaste | twilio-token decode --json
            """
    )

    @Argument(help: ArgumentHelp("The token, or - (the default) to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let now = try self.clock.now()
        let text = try readToken(self.token)
        let decoded: UnverifiedToken
        do {
            decoded = try UnverifiedToken(decoding: text)
        } catch {
            throw CLIError.failure("not a decodable JWT: \(error.message)")
        }
        if self.output.json {
            print(JSONValue.object(["header": .object(decoded.header), "payload": .object(decoded.payload)]))
        } else {
            print(TokenDescription(token: decoded, now: now).render())
        }
    }
}
