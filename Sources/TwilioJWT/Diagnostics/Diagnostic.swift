/// A finding about a token that mints fine but that Twilio is likely to reject or mishandle later.
///
/// The helper libraries let you mint such tokens and so does this one: the rules belong to individual
/// Twilio products and change over time. Diagnostics tell you in advance, with the Twilio error code the
/// product would report.
public struct Diagnostic: Sendable, Hashable {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable {
        /// Twilio is expected to reject the token or behave in an undefined way.
        case warning
        /// Worth knowing; Twilio may still accept the token.
        case note
    }

    /// How serious the finding is.
    public let severity: Severity
    /// The part of the token concerned, such as `grants.identity` or `header.twr`.
    public let field: String
    /// The error code Twilio reports for this problem, where it has one (see
    /// https://www.twilio.com/docs/api/errors).
    public let twilioErrorCode: Int?
    /// What is wrong and what to do about it.
    public let message: String

    /// A finding, for tools that report their own next to the library's.
    public init(_ severity: Severity, field: String, twilioErrorCode: Int? = nil, _ message: String) {
        self.severity = severity
        self.field = field
        self.twilioErrorCode = twilioErrorCode
        self.message = message
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `warning: grants.identity: … (Twilio error 53201)`.
    public var description: String {
        var text = "\(self.severity.rawValue): \(self.field): \(self.message)"
        if let code = self.twilioErrorCode {
            text += " (Twilio error \(code))"
        }
        return text
    }
}
