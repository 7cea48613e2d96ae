import Testing
import TwilioWebhooks

/// The README's webhook example, verbatim (Scripts/check-readme.py checks that it is), run on a request signed as
/// Twilio signs it.
struct ReadmeExampleTests {
    @Test func validatesAWebhookAsTheREADMEShows() throws {
        let authToken = "CANARYauthtokenZYXWVUTSRQPONMLKJ"
        let secondaryAuthToken = "SECONDauthtokenZYXWVUTSRQPONMLKJ"
        let requestTarget = "/v1/voice/outgoing?tenant=a%20b"
        let contentType: String? = "application/x-www-form-urlencoded"
        let body = Array("To=client%3Abob&From=client%3Aalice".utf8)
        let signatureSettings: String? = nil
        let signature: String? = WebhookSignature.compute(
            url: "https://voice.example.com/v1/voice/outgoing?tenant=a%20b",
            parameters: ["To": "client:bob", "From": "client:alice"], secret: try WebhookSecret(secondaryAuthToken))

        let validator = try WebhookValidator(authTokens: [WebhookSecret(authToken), WebhookSecret(secondaryAuthToken)])
        let base = try WebhookBaseURL("https://voice.example.com")  // the URL Twilio calls, as set in the Console

        let request = try WebhookRequest(
            url: base.url(requestTarget: requestTarget),  // the raw path and query, as received
            contentType: contentType,
            body: body,
            signature: signature,  // X-Twilio-Signature
            signatureSettings: signatureSettings  // X-Twilio-Webhooks-Signature-Settings, if any
        )
        let match = try validator.validate(request)  // throws WebhookError: answer 403
        if case .form(let parameters) = request.body {
            print(parameters["To"] ?? "", match.secretIndex)  // client:bob 1 (signed with the secondary token)
        }

        #expect(match.secretIndex == 1)
        guard case .form(let parameters) = request.body else {
            Issue.record("the form body was not decoded")
            return
        }
        #expect(parameters["To"] == "client:bob")
    }
}
