@_spi(Engine) import TwilioJWTEngine

/// The JOSE headers the official helper libraries write, spelled byte for byte (member order and all). This library
/// mints with the first of each kind; its verifier takes any of them parsed from a table (`KnownHeaders`) instead of
/// decoding and parsing the header of every token.
///
/// Each is the header of tokens in the test vectors (`Tests/TestSupport/Vectors/cross-library-tokens.json` says which
/// library made each); twilio-python writes its header with PyJWT, which sorts the keys since 2.5
/// (https://github.com/twilio/twilio-python/blob/9.13.0/twilio/jwt/__init__.py).
enum KnownHeaderText {
    /// Access tokens: twilio-python 9 with PyJWT ≥ 2.5, twilio-go, ExTwilio, this library.
    static let accessPython = #"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#
    /// Access tokens: twilio-php, twilio-python 6–9 with PyJWT < 2.5, the Twilio docs' example.
    static let accessPHP = #"{"typ":"JWT","alg":"HS256","cty":"twilio-fpa;v=1"}"#
    /// Access tokens: twilio-node, twilio-csharp.
    static let accessNode = #"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1"}"#
    /// Access tokens: twilio-ruby (ruby-jwt 2.5), which writes a null region.
    static let accessRuby = #"{"cty":"twilio-fpa;v=1","twr":null,"typ":"JWT","alg":"HS256"}"#
    /// Client capability and TaskRouter tokens: twilio-python, twilio-node, ExTwilio, this library.
    static let capabilityPython = #"{"alg":"HS256","typ":"JWT"}"#
    /// Client capability and TaskRouter tokens: twilio-ruby, twilio-php.
    static let capabilityRuby = #"{"typ":"JWT","alg":"HS256"}"#

    /// All of them, in the order of ``KnownHeaders``' positions.
    static let all = [accessPython, accessPHP, accessNode, accessRuby, capabilityPython, capabilityRuby]
}

extension HeaderTemplate {
    /// The header of Client capability and TaskRouter tokens as this library writes them.
    static let capability = HeaderTemplate(before: KnownHeaderText.capabilityPython)
}
