import ArgumentParser
import TwilioWebhooks

/// `twilio-token webhook sign`: prints the X-Twilio-Signature Twilio would send for a request.
struct WebhookSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the X-Twilio-Signature Twilio would send for a request.",
        discussion: """
            The signature is the last line. For a body that is not a form, the line before it is the URL with the \
            body's bodySHA256 appended: the URL Twilio requests, and the one the signature covers.

            Examples:
              twilio-token webhook sign --url "https://example.com/voice?tenant=a" \\
                --param CallSid=CA123 --param Digits=1234
              twilio-token webhook sign --url https://example.com/events \\
                --body-file event.json --content-type application/json
              twilio-token webhook sign --url https://example.com/voice \\
                --shared-key-file shared.key --param CallSid=CA123
            """
    )

    @Option(help: ArgumentHelp("The URL Twilio requests, query included.", valueName: "url"))
    var url: String

    @OptionGroup var body: WebhookBodyOptions
    @OptionGroup var environment: EnvironmentOptions
    @OptionGroup var key: WebhookSigningKeyOptions

    func validate() throws {
        try checkStandardInput(
            self.environment.standardInputReaders + self.key.standardInputReaders + self.body.standardInputReaders)
    }

    func run() throws {
        _ = try WebhookCommand.checkedURL(self.url, flag: "--url")
        let payload = try self.body.payload()
        let keys = try self.key.keys(try self.environment.sources())
        let signedURL = payload.signedURL(self.url)
        if payload.isRaw { print(signedURL) }
        print(
            WebhookSignature.compute(
                url: signedURL, parameters: payload.parameters, secret: keys.secrets[0], algorithm: keys.algorithm))
    }
}
