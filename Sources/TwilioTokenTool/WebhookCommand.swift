import ArgumentParser
import TwilioWebhooks

/// `twilio-token webhook`: the group of the webhook signature commands.
struct WebhookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Sign, validate or send a webhook request as Twilio signs it (X-Twilio-Signature).",
        discussion: """
            Twilio signs each webhook with HMAC_SHA1 and the account's auth token (TWILIO_AUTH_TOKEN, as the \
            other commands read it), or under a Webhook Rule with HMAC_SHA256 and a SharedKey \
            (--shared-key-file). The signature covers the URL Twilio requested and the form parameters; a body \
            of any other type is covered by the bodySHA256 Twilio appends to the URL.

            Examples:
              twilio-token webhook sign --url https://example.com/voice \\
                --param CallSid=CA123 --param From=+14158675309
              twilio-token webhook validate --url https://example.com/voice \\
                --signature "$SIGNATURE" --param CallSid=CA123 --param From=+14158675309
              twilio-token webhook send http://127.0.0.1:8080/voice --param CallSid=CA123
            """,
        subcommands: [WebhookSignCommand.self, WebhookValidateCommand.self, WebhookSendCommand.self]
    )

    /// Without sign, validate or send there is nothing to do: a usage error.
    func run() throws {
        TwilioToken.exitWithUsage(of: Self.self)
    }

    /// `url` checked as a webhook URL (absolute, http or https, a host, no credentials): a usage error naming
    /// `flag` otherwise. The message says which rule the URL breaks without repeating it.
    static func checkedURL(_ url: String, flag: String) throws -> WebhookURL {
        do throws(WebhookError) {
            return try WebhookURL(url)
        } catch {
            throw CLIError.usage("\(flag): \(error.message)")
        }
    }
}
