import ArgumentParser
import TwilioWebhooks

/// The body of a webhook request: form parameters given one by one with `--param`, or a file with its
/// `Content-Type`.
struct WebhookBodyOptions: ParsableArguments {
    @Option(
        name: .customLong("param"),
        help: ArgumentHelp(
            "A form parameter, split at the first '='; repeatable, order kept. Not with --body-file.",
            valueName: "name=value"))
    var params: [String] = []

    @Option(
        name: .customLong("body-file"),
        help: ArgumentHelp("Read the body from a file, or - for stdin; needs --content-type.", valueName: "path"))
    var bodyFile: String?

    @Option(
        name: .customLong("content-type"),
        help: ArgumentHelp(
            "The body's type: a form (application/x-www-form-urlencoded) is signed by its parameters, any other "
                + "body through the bodySHA256 the URL gets.",
            valueName: "type"))
    var contentType: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        self.bodyFile == "-" ? ["--body-file -"] : []
    }

    /// The parameters of `--param`, or the file's body classified by `--content-type` as Twilio signs it: a form
    /// is decoded into parameters, anything else is raw.
    func payload() throws -> WebhookPayload {
        guard let bodyFile else {
            if self.contentType != nil {
                throw CLIError.usage("--content-type needs --body-file (--param bodies are forms)")
            }
            var parameters: [(name: String, value: String)] = []
            for text in self.params {
                let (name, value) = try keyValue(text, flag: "--param", form: "NAME=VALUE")
                parameters.append((name, value))
            }
            let form = WebhookParameters(parameters)
            return WebhookPayload(
                body: .form(form), bytes: Array(form.formURLEncoded.utf8), contentType: WebhookPayload.formContentType)
        }
        guard self.params.isEmpty else {
            throw CLIError.usage(
                "give the parameters either with --param or in --body-file, not both (a form body file holds them)")
        }
        guard let contentType else {
            throw CLIError.usage(
                "--body-file needs --content-type: a form body is signed by its parameters, any other by its hash")
        }
        // The type goes into a request header as given, so it must be one line of visible text.
        guard !contentType.isEmpty, contentType.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
        else {
            throw CLIError.usage(
                "--content-type must be a media type such as application/json, in printable ASCII; got "
                    + describeValue(contentType))
        }
        let bytes = try readFile(bodyFile, flag: "--body-file", secret: false)
        guard WebhookRequest.isFormMediaType(contentType) else {
            return WebhookPayload(body: .raw(bytes), bytes: bytes, contentType: contentType)
        }
        do throws(WebhookError) {
            let form = try WebhookParameters(formURLEncoded: bytes, maximumByteCount: bytes.count)
            return WebhookPayload(body: .form(form), bytes: bytes, contentType: contentType)
        } catch {
            throw CLIError.usage("--body-file: \(error.message)")
        }
    }
}
