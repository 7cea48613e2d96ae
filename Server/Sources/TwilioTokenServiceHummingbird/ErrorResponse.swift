import HTTPTypes
import Hummingbird
import NIOCore
import TwilioTokenService

/// A refusal as an HTTP response: `{"error":{"code":…,"message":…}}` (the outer shape of twilio-labs/plugin-rtc's
/// token server errors, https://github.com/twilio-labs/plugin-rtc#token-server-api), with `WWW-Authenticate` on 401
/// (RFC 6750 §3) and `Retry-After` on 429 (RFC 6585 §4).
struct ServiceErrorResponse: HTTPResponseError {
    let error: ServiceError

    init(_ error: ServiceError) {
        self.error = error
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: self.error.status) }

    var headers: HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        if self.error.status == 401 {
            headers[.wwwAuthenticate] =
                self.error.code == .missingCredentials
                ? #"Bearer realm="twilio-token-server""#
                : #"Bearer realm="twilio-token-server", error="invalid_token""#
        }
        if let retryAfter = self.error.retryAfter {
            headers[.retryAfter] = String(retryAfter)
        }
        return headers
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONText.object([
            ("error", .object([("code", .string(self.error.code.rawValue)), ("message", .string(self.error.message))]))
        ])
        return Response(status: self.status, headers: self.headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// The few JSON texts the routes write, built directly: members in a fixed order, strings escaped as RFC 8259 §7
/// requires.
enum JSONText {
    enum Value {
        case string(String)
        case integer(Int)
        case boolean(Bool)
        case object([(String, Value)])
    }

    static func object(_ members: [(String, Value)]) -> String {
        var text = ""
        self.write(.object(members), to: &text)
        return text
    }

    private static func write(_ value: Value, to text: inout String) {
        switch value {
        case .string(let string):
            self.write(string: string, to: &text)
        case .integer(let integer):
            text += String(integer)
        case .boolean(let boolean):
            text += boolean ? "true" : "false"
        case .object(let members):
            text += "{"
            for (index, (name, member)) in members.enumerated() {
                if index > 0 { text += "," }
                self.write(string: name, to: &text)
                text += ":"
                self.write(member, to: &text)
            }
            text += "}"
        }
    }

    private static func write(string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{2028}": text += "\\u2028"
            case "\u{2029}": text += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
