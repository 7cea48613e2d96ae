import ArgumentParser
import TwilioWebhooks

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `twilio-token webhook send`: posts a request signed as Twilio signs it, to test a webhook handler.
struct WebhookSendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "POST a request signed as Twilio signs it, and print the answer.",
        discussion: """
            Prints the HTTP status on the first line, then the answer's body. The request goes to URL alone: a \
            redirect is printed, not followed (the signature covers only the URL it was made for), and proxy \
            variables are ignored. Parameters are posted as a form (application/x-www-form-urlencoded); a \
            --body-file that is not a form goes to URL with its bodySHA256 appended. With a SharedKey, \
            X-Twilio-Webhooks-Signature-Settings names it: key=<--shared-key-id>,algorithm=HMAC_SHA256.

            Exit status 0 for a 2xx answer; 1 for any other answer, or when the server cannot be reached or does \
            not answer within --timeout; 64 usage errors.

            Examples:
              twilio-token webhook send http://127.0.0.1:8080/voice \\
                --param CallSid=CA123 --param From=+14158675309
              twilio-token webhook send https://example.com/events --env-file .env \\
                --body-file event.json --content-type application/json
              twilio-token webhook send https://example.com/voice \\
                --shared-key-file shared.key --shared-key-id HK123 --param CallSid=CA123
            """
    )

    @Argument(help: ArgumentHelp("The http or https URL to post to, query included.", valueName: "url"))
    var url: String

    @OptionGroup var body: WebhookBodyOptions

    @Option(
        name: .customLong("header"),
        help: ArgumentHelp("Another request header; repeatable.", valueName: "name:value"))
    var headers: [String] = []

    @Option(
        name: .customLong("timeout"),
        help: ArgumentHelp(
            "Seconds to wait for the answer, connecting included: 1 to 3600 (default 10).", valueName: "seconds"))
    var timeoutText: String?

    @OptionGroup var environment: EnvironmentOptions
    @OptionGroup var key: WebhookSigningKeyOptions

    @Option(
        name: .customLong("shared-key-id"),
        help: ArgumentHelp("The id of the --shared-key-file key, for the signature settings header.", valueName: "id"))
    var sharedKeyID: String?

    func validate() throws {
        try checkStandardInput(
            self.environment.standardInputReaders + self.key.standardInputReaders + self.body.standardInputReaders)
    }

    func run() throws {
        _ = try WebhookCommand.checkedURL(self.url, flag: "<url>")
        let timeout = try self.timeout()
        let headers = try self.headers.map(Self.header)
        let payload = try self.body.payload()
        let keys = try self.key.keys(try self.environment.sources())
        let settings = try self.signatureSettings(keys)
        let signedURL = payload.signedURL(self.url)
        let target = try Self.requestURL(signedURL)
        let signature = WebhookSignature.compute(
            url: signedURL, parameters: payload.parameters, secret: keys.secrets[0], algorithm: keys.algorithm)

        var sent: [(name: String, value: String)] = [
            ("User-Agent", "twilio-token/\(TwilioToken.configuration.version)"),
            ("Content-Type", payload.contentType),
            (WebhookSignature.headerName, signature),
        ]
        if let settings { sent.append((WebhookSignatureSettings.headerName, settings.headerValue)) }
        // A --header User-Agent replaces the tool's; the others add headers of their own.
        if headers.contains(where: { $0.name.lowercased() == "user-agent" }) { sent.removeFirst() }
        sent += headers

        try WebhookSender.send(target.absoluteString, headers: sent, body: payload.bytes, timeout: timeout)
    }

    /// `--timeout`, a whole number of seconds.
    func timeout() throws -> Int {
        let seconds = try parseInteger(self.timeoutText, flag: "--timeout") ?? 10
        guard (1...3600).contains(seconds) else {
            throw CLIError.usage("--timeout must be between 1 and 3600 seconds; got \(seconds)")
        }
        return seconds
    }

    /// The `X-Twilio-Webhooks-Signature-Settings` a SharedKey signature is sent with; none for an auth token.
    func signatureSettings(_ keys: WebhookKeys) throws -> WebhookSignatureSettings? {
        guard keys.kind == .sharedKey else {
            if self.sharedKeyID != nil {
                throw CLIError.usage(
                    "--shared-key-id names the SharedKey of --shared-key-file; an auth token signs without one")
            }
            return nil
        }
        guard let id = self.sharedKeyID else {
            throw CLIError.usage(
                "--shared-key-file needs --shared-key-id: X-Twilio-Webhooks-Signature-Settings names the SharedKey "
                    + "(key=<id>)")
        }
        do throws(WebhookError) {
            _ = try WebhookSharedKey(id: id, secret: keys.secrets[0])
        } catch {
            throw CLIError.usage("--shared-key-id: \(error.message)")
        }
        return WebhookSignatureSettings(keyID: id, algorithm: keys.algorithm)
    }

    /// The URL to request, which must be the signed one byte for byte: Foundation must not re-encode it, and libcurl
    /// must not rewrite its path. A fragment is never sent, so a signature over it could not be checked.
    static func requestURL(_ signedURL: String) throws -> URL {
        // On Unicode scalars, as WebhookURL reads a URL: a Character joins a delimiter to a combining mark after it.
        let scalars = signedURL.unicodeScalars
        guard !scalars.contains("#") else {
            throw CLIError.usage(
                "the URL has a fragment ('#…'), which is never sent to the server: the signature could not be checked")
        }
        // WebhookURL has checked that the URL is scheme://authority followed by the path and the query.
        let afterScheme = scalars.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)[2]
        let path = afterScheme.drop { $0 != "/" && $0 != "?" }.prefix { $0 != "?" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { String(Substring($0)) }
        if segments.contains(where: { $0 == "." || $0 == ".." }) {
            throw CLIError.usage(
                "the URL's path has a '.' or '..' segment, which would be resolved before sending: the request "
                    + "would not go to the URL signed")
        }
        guard let url = URL(string: signedURL), url.absoluteString == signedURL else {
            throw CLIError.usage(
                "the URL has characters that must be percent-encoded (such as '\"', '<', '>', '\\', '^', '`', "
                    + "'{', '|', '}' or non-ASCII): encode them, so that the URL requested is the URL signed")
        }
        return url
    }

    /// Parses `--header NAME:VALUE`: the name an HTTP token, the value without surrounding blanks and without
    /// control characters (a line break would start another header).
    static func header(_ text: String) throws -> (name: String, value: String) {
        // Split among Unicode scalars, so that a value starting with a combining mark does not hide the ':'.
        let scalars = text.unicodeScalars
        guard let colon = scalars.firstIndex(of: ":") else {
            throw CLIError.usage("--header must be NAME:VALUE; got \(describeValue(text))")
        }
        let name = String(scalars[..<colon])
        let value = String(scalars[scalars.index(after: colon)...]).trimmingBlanks()
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        guard !name.isEmpty, name.utf8.allSatisfy(tokenCharacters.contains) else {
            throw CLIError.usage(
                "--header needs a header name of letters, digits and !#$%&'*+-.^_`|~ before ':'; got "
                    + describeValue(text))
        }
        guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
            throw CLIError.usage("--header: a value has a control character or a line break, which HTTP does not allow")
        }
        switch name.lowercased() {
        case WebhookSignature.headerName.lowercased(), WebhookSignatureSettings.headerName.lowercased():
            throw CLIError.usage("--header cannot set \(name): the tool signs the request and sets it")
        case "content-type":
            throw CLIError.usage("--header cannot set Content-Type: give it with --content-type and --body-file")
        case "content-length", "host", "transfer-encoding":
            throw CLIError.usage("--header cannot set \(name): it follows from the URL and the body")
        default:
            return (name, value)
        }
    }

    /// `text` with anything but printable ASCII shown as '?', so that a server's header cannot drive the terminal.
    static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
