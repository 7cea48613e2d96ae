/// An error thrown while checking or preparing a webhook request.
///
/// Every error has a ``code`` you can switch over and a ``message`` written for a person. Messages never contain an
/// Auth Token, a SharedKey secret or a signature: a missing or wrong signature is named, never shown.
///
/// A web framework answers a ``Category/rejectedRequest`` with 403 (the request did not prove it came from
/// Twilio) and treats an ``Category/invalidInput`` as the application's own mistake (a bad base URL or secret
/// found at start-up, a 500 at run time).
///
/// New codes may be added in minor releases, so a `switch` over ``code`` needs a `default` case.
public struct WebhookError: Error, Sendable, Hashable {
    /// Whose mistake an error is.
    public enum Category: Sendable, Hashable {
        /// A configuration value or an argument breaks a rule: the application's mistake.
        case invalidInput
        /// The request failed validation or could not be read: answer 403 (or 400 for an unreadable body).
        case rejectedRequest
    }

    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Wrapped: Sendable, Hashable {
            case missingSignature
            case malformedSignature
            case malformedSignatureSettings
            case unsupportedAlgorithm
            case noMatchingSecret
            case invalidURL
            case missingBodyHash
            case bodyHashMismatch
            case signatureMismatch
            case invalidForm
            case tooLarge
            case invalidSecret
        }

        fileprivate let wrapped: Wrapped

        /// The request has no `X-Twilio-Signature` header, or an empty one.
        public static let missingSignature = Code(wrapped: .missingSignature)
        /// The `X-Twilio-Signature` header is not a base64 HMAC of the size the algorithm produces.
        public static let malformedSignature = Code(wrapped: .malformedSignature)
        /// The `X-Twilio-Webhooks-Signature-Settings` header cannot be read.
        public static let malformedSignatureSettings = Code(wrapped: .malformedSignatureSettings)
        /// The request names a signature algorithm other than `HMAC_SHA1` and `HMAC_SHA256`.
        public static let unsupportedAlgorithm = Code(wrapped: .unsupportedAlgorithm)
        /// No configured secret can check the request: a SharedKey id that is not configured, or a SharedKey
        /// signature when only Auth Tokens are.
        public static let noMatchingSecret = Code(wrapped: .noMatchingSecret)
        /// The URL is not an absolute `http` or `https` URL this library can check (see ``WebhookURL``).
        public static let invalidURL = Code(wrapped: .invalidURL)
        /// The request has a raw (non-form) body and its URL has no `bodySHA256` query parameter.
        public static let missingBodyHash = Code(wrapped: .missingBodyHash)
        /// The SHA-256 of the raw body differs from the URL's `bodySHA256`.
        public static let bodyHashMismatch = Code(wrapped: .bodyHashMismatch)
        /// The signature is well formed but no configured secret produced it for any of the URL's forms.
        public static let signatureMismatch = Code(wrapped: .signatureMismatch)
        /// A form body is not valid `application/x-www-form-urlencoded` (bad percent-encoding, not UTF-8).
        public static let invalidForm = Code(wrapped: .invalidForm)
        /// A form body is larger than the limit it is decoded with.
        public static let tooLarge = Code(wrapped: .tooLarge)
        /// A secret is empty, a SharedKey id cannot be named by the settings header, or a validator has no secret.
        public static let invalidSecret = Code(wrapped: .invalidSecret)

        public var description: String {
            switch self.wrapped {
            case .missingSignature: "missingSignature"
            case .malformedSignature: "malformedSignature"
            case .malformedSignatureSettings: "malformedSignatureSettings"
            case .unsupportedAlgorithm: "unsupportedAlgorithm"
            case .noMatchingSecret: "noMatchingSecret"
            case .invalidURL: "invalidURL"
            case .missingBodyHash: "missingBodyHash"
            case .bodyHashMismatch: "bodyHashMismatch"
            case .signatureMismatch: "signatureMismatch"
            case .invalidForm: "invalidForm"
            case .tooLarge: "tooLarge"
            case .invalidSecret: "invalidSecret"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong, for a person; never contains a secret or a signature.
    public let message: String
    /// For ``Code/signatureMismatch``: every URL the signature was checked against, in the order tried.
    public let urlCandidates: [String]

    /// Whether the request was refused or the caller made a mistake: ``Category/invalidInput`` for a bad secret and
    /// for a bad base URL (``WebhookBaseURL/init(_:)``), ``Category/rejectedRequest`` for everything a request brings.
    public let category: Category

    init(_ code: Code, _ message: String, urlCandidates: [String] = [], category: Category? = nil) {
        self.code = code
        self.message = message
        self.urlCandidates = urlCandidates
        self.category = category ?? (code == .invalidSecret ? .invalidInput : .rejectedRequest)
    }

    /// The same error, as the caller's mistake.
    var asInvalidInput: WebhookError {
        WebhookError(self.code, self.message, urlCandidates: self.urlCandidates, category: .invalidInput)
    }
}

extension WebhookError: CustomStringConvertible {
    public var description: String { "\(self.code): \(self.message)" }
}
