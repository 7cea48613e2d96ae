import TwilioWebhooks

/// What a webhook command signs and sends: form parameters or a raw body, with the bytes and `Content-Type` that
/// carry them.
struct WebhookPayload {
    /// The form `Content-Type`, which `--param` bodies are sent with.
    static let formContentType = "application/x-www-form-urlencoded"

    /// What the signature covers besides the URL.
    var body: WebhookRequest.Body
    /// The body as posted.
    var bytes: [UInt8]
    var contentType: String

    /// Whether the signature covers the URL with the body's `bodySHA256` rather than form parameters.
    var isRaw: Bool {
        if case .raw = self.body { return true }
        return false
    }

    /// The URL that is signed and requested: `url` itself for a form body, `url` with the body's `bodySHA256`
    /// appended for a raw one, as Twilio requests a webhook with a JSON body.
    func signedURL(_ url: String) -> String {
        self.isRaw ? WebhookSignature.urlWithBodySHA256(url, body: self.bytes) : url
    }

    /// The form parameters the signature covers; none for a raw body (the URL's `bodySHA256` covers it).
    var parameters: WebhookParameters {
        if case .form(let parameters) = self.body { return parameters }
        return WebhookParameters()
    }
}
