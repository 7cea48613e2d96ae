import ArgumentParser
import TwilioWebhooks

/// `twilio-token webhook validate`: checks an X-Twilio-Signature as a webhook handler would, and says which secret
/// made it or why none did.
struct WebhookValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an X-Twilio-Signature against the URL, the body and your secrets.",
        discussion: """
            The signature is checked for the URL with and without its port, as Twilio's helper libraries check \
            it. Repeat --auth-token (or --auth-token-file, or --shared-key-file) to check against several secrets \
            while one is rotated: the answer names which one matched, counting from 1 in the order given. For a \
            body that is not a form, give the URL as Twilio requested it, bodySHA256 included.

            Exit status 0 valid; 1 invalid, with the reason and every URL tried on standard error; 64 usage \
            errors (a URL that cannot be checked, a form body that cannot be decoded).

            Examples:
              twilio-token webhook validate --url https://example.com/voice \\
                --signature "$SIGNATURE" --param CallSid=CA123 --param Digits=1234
              twilio-token webhook validate --signature "$SIGNATURE" \\
                --url "https://example.com/events?bodySHA256=$HASH" \\
                --body-file event.json --content-type application/json
              twilio-token webhook validate --url https://example.com/voice \\
                --signature "$SIGNATURE" --param CallSid=CA123 \\
                --auth-token-file primary.token --auth-token-file secondary.token
            """
    )

    @Option(help: ArgumentHelp("The URL Twilio requested, query included.", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The X-Twilio-Signature header's value.", valueName: "signature"))
    var signature: String

    @OptionGroup var body: WebhookBodyOptions
    @OptionGroup var environment: EnvironmentOptions
    @OptionGroup var keys: WebhookValidationKeyOptions

    func validate() throws {
        try checkStandardInput(
            self.environment.standardInputReaders + self.keys.standardInputReaders + self.body.standardInputReaders)
    }

    func run() throws {
        _ = try WebhookCommand.checkedURL(self.url, flag: "--url")
        let payload = try self.body.payload()
        let keys = try self.keys.keys(try self.environment.sources())
        let index: Int
        do throws(WebhookError) {
            index = try WebhookValidator.validate(
                url: self.url, body: payload.body, signature: self.signature, secrets: keys.secrets,
                algorithm: keys.algorithm)
        } catch {
            guard error.category == .rejectedRequest, error.code != .invalidURL else {
                throw CLIError.usage(error.message)
            }
            var report = "twilio-token: error: invalid: \(error.code): \(error.message)\n"
            for candidate in error.urlCandidates {
                report += "  URL tried: \(candidate)\n"
            }
            ProcessIO.writeError(report)
            throw ExitCode(1)
        }
        let noun = keys.kind == .authToken ? "auth token" : "SharedKey"
        let which = keys.secrets.count == 1 ? "the \(noun)" : "\(noun) \(index + 1) of \(keys.secrets.count)"
        print("valid \(keys.algorithm.rawValue) signature, signed with \(which)")
    }
}
